package io.almanac.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The jar that goes into Hadoop daemons: Java 8 class files only, nothing outside our packages. */
class ShadedJarIT {
  private static File jar() {
    File[] jars =
        new File("target")
            .listFiles(
                (d, n) ->
                    n.startsWith("almanac-sinks-")
                        && n.endsWith(".jar")
                        && !n.contains("sources")
                        && !n.contains("tests"));
    assertThat(jars).as("the packaged sinks jar").hasSize(1);
    return jars[0];
  }

  @Test
  void everyClassIsJava8AndEveryPackageIsOurs() throws IOException {
    List<String> foreign = new ArrayList<>();
    List<String> tooNew = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(jar())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || name.startsWith("META-INF/")) {
          continue;
        }
        if (!name.startsWith("io/almanac/sinks/")) {
          foreign.add(name);
        }
        if (name.endsWith(".class")) {
          classes++;
          try (InputStream in = jar.getInputStream(entry);
              DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            int major = data.readUnsignedShort();
            if (major > 52) {
              tooNew.add(name + " (" + major + ")");
            }
          }
        }
      }
      assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release"))
          .isNotEqualTo("true");
    }
    assertThat(classes).isGreaterThan(50); // ours plus the relocated Jackson
    assertThat(foreign).isEmpty();
    assertThat(tooNew).isEmpty();
  }
}
