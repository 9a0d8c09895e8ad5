package io.almanac.promql;

/** One element of an instant vector: a series' labels and its value at the evaluation time. */
public record Sample(Labels labels, double value) {}
