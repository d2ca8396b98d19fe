-- Top regions by revenue of 高价值 (vip) customers in the latest snapshot, with each region's share of all VIP
-- revenue.   ./scripts/sql.sh -f notebooks-data/queries/top_regions_by_vip_revenue.sql
WITH vip AS (
  SELECT region_code, region_name, count(*) AS vip_customers, sum(monetary) AS vip_revenue
  FROM latest_customer_segments
  WHERE value_tier = 'vip'
  GROUP BY region_code, region_name
),
total AS (SELECT sum(vip_revenue) AS all_vip_revenue FROM vip)
SELECT region_code, region_name, vip_customers, vip_revenue,
       round(100.0 * vip_revenue / all_vip_revenue, 1) AS revenue_share_pct
FROM vip CROSS JOIN total
ORDER BY vip_revenue DESC, region_code
LIMIT 10;
