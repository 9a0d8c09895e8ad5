package io.almanac.model.store;

/** The store could not do what was asked; nothing may be assumed to have happened. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the cause from the storage driver. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
