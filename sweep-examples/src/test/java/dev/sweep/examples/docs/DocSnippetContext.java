package dev.sweep.examples.docs;

import dev.sweep.Runner;
import dev.sweep.population.Population;
import dev.sweep.space.Space;
import java.nio.file.Path;

/**
 * The names a fragment of the documentation may use without declaring them: what the text around it
 * has already introduced. {@link DocSnippetsTest} compiles each fragment as the body of a method of
 * a subclass of this class. Nothing here runs: a fragment is compiled, never executed.
 *
 * <ul>
 *   <li>{@code space}: the sweep's search space;
 *   <li>{@code runner}: the callback that trains one configuration;
 *   <li>{@code population}: a population of trials, from a sweep or read back;
 *   <li>{@code dir}: a sweep folder.
 * </ul>
 *
 * <p>Keep it this small: a fragment that needs anything else declares it.
 */
public abstract class DocSnippetContext {
  /** The sweep's search space. */
  protected Space space;

  /** The callback that trains one configuration. */
  protected Runner runner;

  /** A population of trials. */
  protected Population population;

  /** A sweep folder. */
  protected Path dir;
}
