-- K-means cluster sizes and profiles in the latest snapshot, by name, with each cluster's silhouette from
-- cluster_profiles. Cluster -1 (no_purchase, 未购买): customers without purchases, not clustered, no profile row.
--   ./scripts/sql.sh -f notebooks-data/queries/cluster_sizes.sql
WITH clusters AS (
  SELECT cluster_id, cluster_code, cluster_name,
         count(*)                              AS customers,
         round(avg(recency_days), 1)           AS avg_recency_days,
         round(avg(frequency), 2)              AS avg_frequency,
         cast(avg(monetary) AS decimal(18, 2)) AS avg_monetary,
         sum(monetary)                         AS revenue
  FROM latest_customer_segments
  GROUP BY cluster_id, cluster_code, cluster_name
),
total AS (SELECT sum(customers) AS all_customers FROM clusters)
SELECT c.cluster_id, c.cluster_code, c.cluster_name, c.customers,
       round(100.0 * c.customers / t.all_customers, 1) AS customer_share_pct,
       c.avg_recency_days, c.avg_frequency, c.avg_monetary, c.revenue, p.silhouette
FROM clusters c
CROSS JOIN total t
LEFT JOIN latest_cluster_profiles p ON p.cluster_id = c.cluster_id
ORDER BY c.cluster_id;
