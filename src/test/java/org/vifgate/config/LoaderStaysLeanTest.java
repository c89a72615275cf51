package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A role flip is a fresh JVM that loads the file, so the loader must not pull in Jackson (whose YAML
 * parser alone costs a cold JVM about 15 ms to set up) or the JSON Schema validator. This loads the file through a fresh class loader and looks at every
 * class it had to load.
 */
class LoaderStaysLeanTest {

  @Test
  void loadingAFileTouchesNeitherJacksonNorTheSchemaValidator() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(toUrl(entry));
    }
    try (RecordingLoader loader = new RecordingLoader(urls.toArray(URL[]::new))) {
      Class<?> configLoader = loader.loadClass(ConfigLoader.class.getName());
      assertEquals(
          loader, configLoader.getClassLoader(), "the class must come from the fresh loader");
      Object result =
          configLoader.getMethod("load", Path.class).invoke(null, Path.of("examples/xen-a.yaml"));
      assertEquals(true, result.getClass().getMethod("isValid").invoke(result));

      List<String> heavy = new ArrayList<>();
      for (String name : loader.loaded) {
        if (name.startsWith("tools.jackson.") || name.startsWith("com.networknt.")) {
          heavy.add(name);
        }
      }
      Collections.sort(heavy);
      assertEquals(List.of(), heavy);
      assertTrue(
          loader.loaded.contains("org.snakeyaml.engine.v2.parser.ParserImpl"),
          "sanity: the parser was loaded here");
    }
  }

  private static URL toUrl(String entry) {
    try {
      return Path.of(entry).toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads the application's classes itself (parent: the platform loader) and notes each one. */
  private static final class RecordingLoader extends URLClassLoader {
    final Set<String> loaded = ConcurrentHashMap.newKeySet();

    RecordingLoader(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      Class<?> found = super.findClass(name);
      loaded.add(name);
      return found;
    }
  }
}
