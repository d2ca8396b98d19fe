package com.custseg.config;

import java.util.List;
import java.util.Set;

/**
 * How the inputs are cleaned beyond the per-line checks.
 *
 * @param duplicates which transaction lines count as copies of another line (removed once, counted)
 * @param normalizeIds whether customer ids are folded with Unicode NFKC and trimmed ({@code Ｃ００１} is {@code C001})
 */
public record CleaningConfig(Duplicates duplicates, boolean normalizeIds) {
  public static final String DUPLICATES = "segmentation.quality.duplicates";
  public static final String NORMALIZE_IDS = "segmentation.quality.normalize-ids";
  /** Today's behaviour: exact copies of a line are removed, ids folded. */
  public static final CleaningConfig DEFAULT = new CleaningConfig(Duplicates.DROP_EXACT, true);

  /**
   * Which transaction lines are duplicates.
   *
   * @param mode {@link Mode#DROP_EXACT}: a line that is an exact copy of another (every source field alike);
   *     {@link Mode#KEEP}: none (line-level exports whose repeated lines are real repeat purchases);
   *     {@link Mode#KEY}: a line with the same {@code keyColumns} as another
   * @param keyColumns columns of the cleaned transactions identifying a line, for {@link Mode#KEY}
   */
  public record Duplicates(Mode mode, List<String> keyColumns) {
    public static final Duplicates DROP_EXACT = new Duplicates(Mode.DROP_EXACT, List.of());
    public static final Duplicates KEEP = new Duplicates(Mode.KEEP, List.of());
    /** The columns a key may name: those of the cleaned transactions. */
    public static final Set<String> KEY_CANDIDATES = Set.of("order_id", "customer_id", "order_ts", "order_date",
        "amount", "category", "is_return");

    public enum Mode { DROP_EXACT, KEEP, KEY }

    public Duplicates {
      keyColumns = List.copyOf(keyColumns);
      if (mode == Mode.KEY) {
        if (keyColumns.isEmpty()) {
          throw new ConfigException(DUPLICATES + " must be drop-exact, keep or a non-empty list of columns");
        }
        for (String column : keyColumns) {
          if (!KEY_CANDIDATES.contains(column)) {
            throw new ConfigException(DUPLICATES + " names '" + column + "', which is not a column of the cleaned"
                + " transactions " + new java.util.TreeSet<>(KEY_CANDIDATES));
          }
        }
      } else if (!keyColumns.isEmpty()) {
        throw new IllegalArgumentException("key columns are only for Mode.KEY");
      }
    }
  }
}
