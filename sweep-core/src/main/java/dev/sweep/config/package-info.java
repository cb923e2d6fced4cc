/**
 * Configs: immutable trees of values with typed dotted access ({@link dev.sweep.config.Config}),
 * deep-merge overlays, YAML/JSON through Jackson, a canonical form with a stable hash, and short
 * readable names that are safe as folder names ({@link dev.sweep.config.Names}).
 */
package dev.sweep.config;
