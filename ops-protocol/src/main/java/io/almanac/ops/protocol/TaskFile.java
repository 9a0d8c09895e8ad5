package io.almanac.ops.protocol;

/**
 * A file a task brings: written into the task's working directory before its command runs.
 *
 * @param path relative to the working directory, without {@code ..}
 * @param contentBase64 the file's bytes, base64
 * @param mode octal permissions such as "0755"; null: "0644"
 */
public record TaskFile(String path, String contentBase64, String mode) {}
