package dev.sweep.postgres;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt of a trial, as the store recorded it: which agent ran it, on which host, pid and
 * trial folder, when it started and ended (by the database's clock), and how: {@code RUNNING}, a
 * trial status ({@code COMPLETED}, {@code FAILED}, …), or {@code LOST} (its agent stopped beating;
 * {@code message} names it).
 */
public record Attempt(
    long trial,
    int attempt,
    String agent,
    String host,
    long pid,
    Optional<String> folder,
    Instant started,
    Optional<Instant> ended,
    String status,
    Optional<String> message) {}
