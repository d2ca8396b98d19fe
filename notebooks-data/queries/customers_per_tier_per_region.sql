-- Customers and revenue per region and value tier in the latest snapshot, tiers in their rule order by size.
--   ./scripts/sql.sh -f notebooks-data/queries/customers_per_tier_per_region.sql
SELECT region_code,
       region_name,
       value_tier,
       value_tier_name,
       count(*)      AS customers,
       sum(monetary) AS revenue
FROM latest_customer_segments
GROUP BY region_code, region_name, value_tier, value_tier_name
ORDER BY region_code, customers DESC, value_tier;
