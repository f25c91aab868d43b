package org.runnel.runner.transcription.entity;

/** One subtitle as shown: from {@code start} to {@code end} seconds, one or two lines of text. */
public record Cue(double start, double end, String text) {}
