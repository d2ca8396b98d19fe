package com.custseg.worklist;

import com.custseg.config.ConfigException;
import com.custseg.config.WorklistConfig;
import com.custseg.region.RegionMapping;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The start-time checks of the worklist settings: nothing is read before they pass. */
public final class Worklists {

  /**
   * Checks the playbook against the columns of customer_segments ({@code segments}: an empty frame of its shape),
   * the teams against the region mapping, and the export headers (known columns, no two alike).
   */
  public static void check(Dataset<Row> segments, RegionMapping mapping, WorklistConfig config) {
    Playbook.check(segments, config.actions());
    Teams.check(mapping, config);
    List<String> columns = WorklistExport.allColumns();
    for (String column : config.export().headers().keySet()) {
      if (!columns.contains(column)) {
        throw new ConfigException(WorklistConfig.EXPORT + ": " + where(config) + " renames '" + column
            + "', which is not an export column; they are " + String.join(", ", columns));
      }
    }
    Map<String, String> seen = new HashMap<>();
    for (String column : columns) {
      String header = config.export().header(column);
      String other = seen.put(header, column);
      if (other != null) {
        throw new ConfigException(WorklistConfig.EXPORT + ": " + where(config) + " gives columns " + other + " and "
            + column + " the same header '" + header + "'");
      }
    }
  }

  private static String where(WorklistConfig config) {
    return config.export().template().isEmpty() ? "headers" : "crm-template " + config.export().template()
        + " with headers";
  }

  private Worklists() {}
}
