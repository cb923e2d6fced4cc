/**
 * Search spaces: {@link dev.sweep.space.Space} holds parameters at dotted paths, each with a {@link
 * dev.sweep.space.Domain} made by {@link dev.sweep.space.Floats}, {@link dev.sweep.space.Ints},
 * {@link dev.sweep.space.Choices} or {@link dev.sweep.space.Lists}; conditional sub-spaces ({@link
 * dev.sweep.space.Branches}); values that vary together ({@link dev.sweep.space.Coupled}); derived
 * values; and named {@link dev.sweep.space.Constraint}s. Arguments are checked when they are added,
 * and errors name the path, the bad values and what is allowed.
 */
package dev.sweep.space;
