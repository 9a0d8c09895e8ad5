package io.almanac.sinks.jmx;

/** A test MBean with numeric and non-numeric attributes. */
public interface StatsMBean {
  /** A count. */
  long getCount();

  /** A ratio. */
  double getRatio();

  /** Not a number: skipped. */
  String getLabel();
}
