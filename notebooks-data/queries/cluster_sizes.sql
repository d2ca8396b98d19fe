-- K-means cluster sizes and profiles in the latest snapshot (cluster -1: customers without purchases).
--   ./scripts/sql.sh -f notebooks-data/queries/cluster_sizes.sql
WITH clusters AS (
  SELECT cluster_id,
         count(*)                              AS customers,
         round(avg(recency_days), 1)           AS avg_recency_days,
         round(avg(frequency), 2)              AS avg_frequency,
         cast(avg(monetary) AS decimal(18, 2)) AS avg_monetary,
         sum(monetary)                         AS revenue
  FROM latest_customer_segments
  GROUP BY cluster_id
),
total AS (SELECT sum(customers) AS all_customers FROM clusters)
SELECT cluster_id, customers, round(100.0 * customers / all_customers, 1) AS customer_share_pct,
       avg_recency_days, avg_frequency, avg_monetary, revenue
FROM clusters CROSS JOIN total
ORDER BY cluster_id;
