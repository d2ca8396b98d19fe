package com.custseg.value;

/**
 * The input has too few customers of the kind a model needs (buyers for BG/NBD, repeat buyers for Gamma-Gamma): the
 * model cannot be fitted, but nothing is wrong with the data. The job then writes the value columns as nulls and says
 * why, instead of failing the whole run.
 */
public final class InsufficientDataException extends IllegalArgumentException {
  public InsufficientDataException(String message) {
    super(message);
  }
}
