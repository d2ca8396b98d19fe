package com.custseg.quality;

/** Why an input row was set aside. The codes are written to {@code rejects.reason}. */
public enum RejectReason {
  MISSING_CUSTOMER_ID,
  MISSING_ORDER_ID,
  BAD_DATE,
  BAD_AMOUNT,
  AFTER_SNAPSHOT,
  UNKNOWN_CUSTOMER,
  DUPLICATE_CUSTOMER_ID,
  DUPLICATE_ROW
}
