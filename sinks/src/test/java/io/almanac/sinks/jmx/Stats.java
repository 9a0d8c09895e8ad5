package io.almanac.sinks.jmx;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The test MBean, registered once per JVM as {@code almanac.test:type=Stats,name=one}. */
public final class Stats implements StatsMBean {
  static final String NAME = "almanac.test:type=Stats,name=one";

  @Override
  public long getCount() {
    return 42;
  }

  @Override
  public double getRatio() {
    return 0.5;
  }

  @Override
  public String getLabel() {
    return "label";
  }

  static synchronized void register() throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName(NAME);
    if (!server.isRegistered(name)) {
      server.registerMBean(new Stats(), name);
    }
  }
}
