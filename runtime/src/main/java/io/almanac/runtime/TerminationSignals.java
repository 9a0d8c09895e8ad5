package io.almanac.runtime;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Runs an orderly stop on SIGTERM and SIGINT before the JVM starts its shutdown.
 *
 * <p>Why not only a shutdown hook: the Phoenix driver registers its own hook, and the JVM runs all
 * hooks at once, so Phoenix would close its connections while the collector is still committing
 * what it had accepted. Handling the signal first lets the collector commit, close Phoenix and stop
 * HBase in order, and only then exit. The JDK's signal API ({@code sun.misc.Signal}, module
 * jdk.unsupported) is reached by reflection because javac warns on every direct use of it.
 */
final class TerminationSignals {
  private TerminationSignals() {}

  /**
   * Calls {@code onSignal} on SIGTERM or SIGINT; returns false if signals cannot be handled here.
   */
  static boolean install(Runnable onSignal) {
    return handle(new String[] {"TERM", "INT"}, onSignal);
  }

  /** Calls {@code onSignal} on each of the signals {@code names}; false if that cannot be done. */
  static boolean handle(String[] names, Runnable onSignal) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      InvocationHandler call =
          (Object proxy, Method method, Object[] args) -> {
            if (method.getName().equals("handle")) {
              onSignal.run();
              return null;
            }
            if (method.getName().equals("toString")) {
              return "almanac signal handler";
            }
            return method.getName().equals("hashCode")
                ? System.identityHashCode(proxy)
                : proxy == args[0];
          };
      Object handler =
          Proxy.newProxyInstance(
              handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, call);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (String name : names) {
        handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
