package com.custseg.connect;

import java.util.Set;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.analysis.LocalTempView$;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.CreateViewCommand;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * Makes every session of the SQL endpoint read-only ({@code spark.sql.extensions}): a check rule, run at the end of
 * analysis and so before anything executes, refuses every command but the ones that only read or change the session
 * itself. Refused are INSERT, MERGE, DELETE, UPDATE, DROP, ALTER, CREATE TABLE / VIEW / DATABASE / FUNCTION, TRUNCATE,
 * Delta's VACUUM, OPTIMIZE, RESTORE and CONVERT, and the DataFrame writers (save, insertInto, saveAsTable, writeTo),
 * which all analyse to a {@link Command}.
 */
public final class ReadOnlyExtension implements Function1<SparkSessionExtensions, BoxedUnit> {
  /** Commands that only read tables or change the client's own session. */
  static final Set<String> ALLOWED_COMMANDS = Set.of(
      "ShowTables", "ShowTablesCommand", "ShowTablesExtended", "ShowNamespaces", "ShowViews", "ShowViewsCommand",
      "ShowColumns", "ShowColumnsCommand", "ShowFunctions", "ShowFunctionsCommand", "ShowPartitions",
      "ShowPartitionsCommand", "ShowTableProperties", "ShowTablePropertiesCommand", "ShowCreateTable",
      "ShowCreateTableCommand", "ShowCatalogs", "ShowCatalogsCommand", "ShowCurrentNamespace",
      "ShowCurrentNamespaceCommand", "ShowTableExtended",
      "DescribeRelation", "DescribeTableCommand", "DescribeColumn", "DescribeColumnCommand", "DescribeNamespace",
      "DescribeDatabaseCommand", "DescribeFunction", "DescribeFunctionCommand", "DescribeQueryCommand",
      "DescribeDeltaDetailCommand", "DescribeDeltaHistory", "DescribeDeltaHistoryCommand",
      "ExplainCommand", "SetCommand", "ResetCommand", "SetCatalogAndNamespace", "SetNamespaceCommand",
      "SetCatalogCommand", "CacheTable", "CacheTableAsSelect", "CacheTableCommand", "UncacheTable",
      "UncacheTableCommand", "ClearCacheCommand", "RefreshTableCommand", "RefreshTable", "SetVariable",
      "CreateVariable", "DropVariable");

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectCheckRule(session -> ReadOnlyExtension::check);
    return BoxedUnit.UNIT;
  }

  /** Throws when the analysed plan holds a command that could change a table, the catalog or the files. */
  static BoxedUnit check(LogicalPlan plan) {
    plan.foreach(node -> {
      if (node instanceof Command && !isAllowed(node)) {
        throw new UnsupportedOperationException(refusal(node.nodeName()));
      }
      return BoxedUnit.UNIT;
    });
    return BoxedUnit.UNIT;
  }

  private static boolean isAllowed(LogicalPlan command) {
    if (command instanceof CreateViewCommand view) {
      // A temporary view lives in the client's own session; a permanent or global one is shared.
      return view.viewType() == LocalTempView$.MODULE$;
    }
    return ALLOWED_COMMANDS.contains(command.nodeName());
  }

  /** The message a client sees, naming the kind of write and Spark's plan node. */
  static String refusal(String nodeName) {
    return "The segmentation SQL endpoint is read-only: " + kind(nodeName) + " is refused before it runs (plan "
        + nodeName + "). The output tables are written only by the segmentation job; queries, SHOW, DESCRIBE,"
        + " EXPLAIN, SET, USE, CACHE and temporary views are allowed.";
  }

  private static String kind(String nodeName) {
    String n = nodeName.toLowerCase(java.util.Locale.ROOT);
    if (n.contains("merge")) {
      return "MERGE";
    } else if (n.contains("delete")) {
      return "DELETE";
    } else if (n.contains("update")) {
      return "UPDATE";
    } else if (n.contains("drop")) {
      return "DROP";
    } else if (n.contains("alter") || n.contains("addcolumns") || n.contains("rename") || n.contains("setproperties")
        || n.contains("settableproperties") || n.contains("comment")) {
      return "ALTER";
    } else if (n.contains("saveintodatasource") || n.contains("writetodatasource")) {
      return "a DataFrame write";
    } else if (n.contains("insert") || n.contains("append") || n.contains("overwrite") || n.contains("write")) {
      return "INSERT (or a write)";
    } else if (n.contains("create") || n.contains("replace")) {
      return "CREATE";
    }
    return "this command";
  }
}
