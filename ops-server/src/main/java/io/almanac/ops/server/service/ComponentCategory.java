package io.almanac.ops.server.service;

/** What a component is, as Ambari names it: only MASTERs and WORKERs are started and stopped. */
public enum ComponentCategory {
  MASTER,
  WORKER,
  CLIENT
}
