-- Where did last snapshot's 高价值 (vip) customers go? Per region, how many of them are now 流失风险 (churn_risk) or
-- 已流失 (lost), with their revenue this snapshot, and their share of the region's former VIPs. Latest migration only.
--   ./scripts/sql.sh -f notebooks-data/queries/vip_migration_into_churn_risk.sql
WITH moves AS (
  SELECT region_code, to_value, customers, revenue
  FROM latest_segment_migration
  WHERE dimension = 'value_tier' AND from_value = 'vip'
),
per_region AS (
  SELECT region_code,
         sum(customers)                                                   AS former_vip_customers,
         sum(CASE WHEN to_value IN ('churn_risk', 'lost') THEN customers ELSE 0 END) AS slipping_customers,
         sum(CASE WHEN to_value IN ('churn_risk', 'lost') THEN revenue END)         AS slipping_revenue
  FROM moves
  GROUP BY region_code
)
SELECT region_code, former_vip_customers, slipping_customers,
       coalesce(slipping_revenue, 0)                                   AS slipping_revenue,
       round(100.0 * slipping_customers / former_vip_customers, 1)     AS slipping_share_pct
FROM per_region
ORDER BY slipping_customers DESC, region_code;
