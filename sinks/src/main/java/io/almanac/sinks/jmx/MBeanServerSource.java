package io.almanac.sinks.jmx;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** MBeans of this JVM's platform server, or of a remote JVM through a JMX service URL. */
public final class MBeanServerSource implements JmxSource {
  private final MBeanServerConnection connection;
  private final JMXConnector connector;

  private MBeanServerSource(MBeanServerConnection connection, JMXConnector connector) {
    this.connection = connection;
    this.connector = connector;
  }

  /** This JVM's platform MBean server. */
  public static MBeanServerSource local() {
    return new MBeanServerSource(ManagementFactory.getPlatformMBeanServer(), null);
  }

  /**
   * A remote JVM, e.g. {@code service:jmx:rmi:///jndi/rmi://host:9999/jmxrmi}. JNDI lookups can
   * deserialize what the server sends: the URL is the operator's own, naming a JVM of their
   * cluster, which is what remote JMX polling means.
   */
  @SuppressWarnings("BanJNDI")
  public static MBeanServerSource remote(String serviceUrl) throws IOException {
    JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(serviceUrl));
    return new MBeanServerSource(c.getMBeanServerConnection(), c);
  }

  @Override
  public Map<String, Map<String, Object>> read() throws IOException {
    Map<String, Map<String, Object>> out = new LinkedHashMap<String, Map<String, Object>>();
    Set<ObjectName> names = connection.queryNames(null, null);
    for (ObjectName name : names) {
      try {
        MBeanAttributeInfo[] infos = connection.getMBeanInfo(name).getAttributes();
        String[] readable = readable(infos);
        Map<String, Object> values = new LinkedHashMap<String, Object>();
        for (Object o : connection.getAttributes(name, readable)) {
          Attribute a = (Attribute) o;
          values.put(a.getName(), a.getValue());
        }
        out.put(name.getDomain() + ":" + name.getKeyPropertyListString(), values);
      } catch (JMException | RuntimeException e) {
        // An MBean that vanished or refuses to be read is skipped; the rest are still polled.
      }
    }
    return out;
  }

  private static String[] readable(MBeanAttributeInfo[] infos) {
    int n = 0;
    String[] names = new String[infos.length];
    for (MBeanAttributeInfo info : infos) {
      if (info.isReadable()) {
        names[n++] = info.getName();
      }
    }
    return java.util.Arrays.copyOf(names, n);
  }

  /** Closes the remote connection, if any. */
  public void close() throws IOException {
    if (connector != null) {
      connector.close();
    }
  }
}
