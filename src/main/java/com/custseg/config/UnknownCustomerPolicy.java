package com.custseg.config;

/** What to do with a transaction whose customer id is not in the customers table. */
public enum UnknownCustomerPolicy {
  /** Reject the line as UNKNOWN_CUSTOMER (the default: the customers export is the master list). */
  QUARANTINE,
  /** Keep the line and add a customer with only its id (no province: region unknown), flagged as created. */
  CREATE_MINIMAL_CUSTOMER
}
