package com.custseg.quality;

/** Why an input row was set aside. The codes are written to {@code rejects.reason}. */
public enum RejectReason {
  /** A CSV line whose fields do not match the header (wrong field count, broken quoting). */
  MALFORMED_LINE,
  /**
   * A line whose bytes are not text in the source's declared encoding (a GBK line in a UTF-8 file, say): rejected
   * rather than kept with replacement characters in its fields.
   */
  BAD_ENCODING,
  MISSING_CUSTOMER_ID,
  MISSING_ORDER_ID,
  BAD_DATE,
  BAD_AMOUNT,
  /** A mapped quantity that is not a number, or zero or negative on a purchase line. */
  BAD_QUANTITY,
  /** A mapped discount or list price that is not a number, or negative (a list price of 0 too). */
  BAD_DISCOUNT,
  /** A currency that is neither the base currency nor listed in the configured rates. */
  UNKNOWN_CURRENCY,
  AFTER_SNAPSHOT,
  UNKNOWN_CUSTOMER,
  /** A second, different record under a customer id already seen. */
  DUPLICATE_CUSTOMER_ID,
  /** An interaction whose channel is missing or in no channel group (after the aliases). */
  UNKNOWN_CHANNEL,
  /** An interaction whose duration is not a number, or negative. */
  BAD_DURATION,
  /** A feedback score that is missing, not a number, or outside the configured scale. */
  BAD_SCORE
}
