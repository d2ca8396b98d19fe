package com.custseg.config;

import java.util.Arrays;

/** What to do with a transaction whose customer id is not in the customers table. */
public enum UnknownCustomerPolicy {
  /** Reject the line as UNKNOWN_CUSTOMER (the default: the customers export is the master list). */
  QUARANTINE("quarantine"),
  /** Keep the line and add a customer with only its id (no province: region unknown), flagged as created. */
  CREATE_MINIMAL_CUSTOMER("create-minimal-customer");

  private final String configName;

  UnknownCustomerPolicy(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static UnknownCustomerPolicy parse(String key, String value) {
    return Arrays.stream(values()).filter(p -> p.configName.equals(value)).findFirst()
        .orElseThrow(() -> new ConfigException(key + " must be quarantine or create-minimal-customer, got: " + value));
  }
}
