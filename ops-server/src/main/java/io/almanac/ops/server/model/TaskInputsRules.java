package io.almanac.ops.server.model;

import io.almanac.ops.protocol.TaskFile;
import io.almanac.ops.protocol.TaskInputs;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What a task may bring: checked with the rest of its request. */
public final class TaskInputsRules {
  /** All of a task's files together, decoded: they travel in one message to the agent. */
  public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

  static final int MAX_ENV = 100;
  static final int MAX_ENV_VALUE = 32 * 1024;
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
  private static final Pattern MODE = Pattern.compile("0?[0-7]{3}");
  private static final Pattern PATH_PART = Pattern.compile("[A-Za-z0-9._+@=-]{1,100}");

  private TaskInputsRules() {}

  /** Adds to {@code problems} what is wrong with {@code inputs}, named under {@code where}. */
  static void check(String where, TaskInputs inputs, List<String> problems) {
    if (inputs == null) {
      return;
    }
    long bytes = 0;
    Set<String> paths = new HashSet<>();
    for (int i = 0; i < inputs.files().size(); i++) {
      TaskFile f = inputs.files().get(i);
      String at = where + ".files[" + i + "]";
      if (f == null) {
        problems.add(at + " is null");
        continue;
      }
      if (!isRelativePath(f.path())) {
        problems.add(
            at
                + ".path \""
                + f.path()
                + "\" must be a relative path of names (letters, digits, . _ + @ = -) without"
                + " '..'");
      } else if (!paths.add(f.path())) {
        problems.add(at + ".path \"" + f.path() + "\" is given twice");
      }
      if (f.contentBase64() == null) {
        problems.add(at + ".contentBase64 is required");
      } else {
        try {
          bytes += Base64.getDecoder().decode(f.contentBase64()).length;
        } catch (IllegalArgumentException e) {
          problems.add(at + ".contentBase64 is not base64: " + e.getMessage());
        }
      }
      if (f.mode() != null && !MODE.matcher(f.mode()).matches()) {
        problems.add(
            at + ".mode must be octal permissions such as \"0755\", got \"" + f.mode() + "\"");
      }
    }
    if (bytes > MAX_FILE_BYTES) {
      problems.add(
          where + ".files hold " + bytes + " bytes; at most " + MAX_FILE_BYTES + " are accepted");
    }
    if (inputs.env().size() > MAX_ENV) {
      problems.add(where + ".env has " + inputs.env().size() + " variables; at most " + MAX_ENV);
    }
    for (Map.Entry<String, String> e : inputs.env().entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches() || e.getKey().startsWith("ALMANAC_")) {
        problems.add(
            where
                + ".env name \""
                + e.getKey()
                + "\" must be letters, digits and '_', not starting with a digit or ALMANAC_");
      }
      if (e.getValue() == null || e.getValue().length() > MAX_ENV_VALUE) {
        problems.add(
            where
                + ".env "
                + e.getKey()
                + " must have a value of at most "
                + MAX_ENV_VALUE
                + " characters");
      }
    }
  }

  private static boolean isRelativePath(String path) {
    if (path == null || path.isEmpty() || path.length() > 255 || path.startsWith("/")) {
      return false;
    }
    for (String part : path.split("/", -1)) {
      if (part.equals(".") || part.equals("..") || !PATH_PART.matcher(part).matches()) {
        return false;
      }
    }
    return true;
  }
}
