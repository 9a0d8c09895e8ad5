package io.almanac.sinks.jmx;

import java.io.IOException;
import java.util.Map;

/** Where MBean attributes are read from: object name to attribute name to value. */
public interface JmxSource {
  /** A snapshot of every MBean's readable attributes (values: numbers, composites, maps, other). */
  Map<String, Map<String, Object>> read() throws IOException;
}
