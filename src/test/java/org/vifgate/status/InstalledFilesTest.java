package org.vifgate.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Secret;
import org.vifgate.heartbeat.AtomicFileWriter;
import org.vifgate.heartbeat.HeartbeatFiles;
import org.vifgate.heartbeat.HeartbeatTestData;
import org.vifgate.heartbeat.Installation;
import org.vifgate.heartbeat.RenderedFiles;
import org.vifgate.heartbeat.ResourceAgent;

/** Files on a Jimfs disk compared with what render would write: each state once. */
class InstalledFilesTest {

  @Test
  void upToDateDiffersMissingRefusedAndModes() throws IOException {
    try (FileSystem fs =
        Jimfs.newFileSystem(
            Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix")
                .build())) {
      Path haDir = Files.createDirectories(fs.getPath("/etc/ha.d"));
      HeartbeatTestData.Settings s = HeartbeatTestData.pair();
      DesiredState state = s.state("alpha", "/etc/vifgate/vifgate.yaml");
      RenderedFiles files =
          HeartbeatFiles.render(
              state, "/etc/vifgate/vifgate.yaml", new Secret(HeartbeatTestData.KEY));
      ResourceAgent.Settings agentSettings =
          new ResourceAgent.Settings(
              Path.of("/usr/bin/vifgate"),
              Path.of("/etc/vifgate/vifgate.yaml"),
              Path.of("/run/vifgate"),
              Optional.empty());
      Installation installation =
          Installation.of(
              haDir,
              state.heartbeat().orElseThrow(),
              files,
              Optional.of(ResourceAgent.render(agentSettings)),
              Optional.empty());
      AtomicFileWriter writer = new AtomicFileWriter(Optional.empty());
      installation.write(writer);

      Files.writeString(haDir.resolve("ha.cf"), "hand edited\n");
      Files.setPosixFilePermissions(
          haDir.resolve("authkeys"), PosixFilePermissions.fromString("rw-r--r--"));
      Files.delete(haDir.resolve("haresources"));
      Files.createSymbolicLink(haDir.resolve("haresources"), fs.getPath("/elsewhere"));
      Files.delete(haDir.resolve("resource.d/vifgate"));

      List<FileState> states = InstalledFiles.compare(haDir, installation, writer);
      assertEquals(
          List.of("ha.cf", "authkeys", "haresources", "resource.d/vifgate"),
          states.stream().map(FileState::name).toList());
      assertEquals(FileState.Kind.DIFFERS, states.get(0).kind());
      assertEquals(FileState.Kind.DIFFERS, states.get(1).kind(), "a wrong mode is a difference");
      assertEquals(Optional.of("rw-r--r--"), states.get(1).mode());
      assertEquals(FileState.Kind.REFUSED, states.get(2).kind());
      assertEquals(FileState.Kind.MISSING, states.get(3).kind());

      Files.delete(haDir.resolve("haresources"));
      installation.write(writer);
      for (FileState f : InstalledFiles.compare(haDir, installation, writer)) {
        assertEquals(FileState.Kind.UP_TO_DATE, f.kind(), f.toString());
      }
      assertEquals(
          Optional.of("rw-------"),
          InstalledFiles.compare(haDir, installation, writer).get(1).mode());

      List<FileState> uncompared =
          InstalledFiles.uncompared(
              haDir, List.of(haDir.resolve("ha.cf"), haDir.resolve("nope")), "key unreadable");
      assertEquals(FileState.Kind.NOT_COMPARED, uncompared.get(0).kind());
      assertEquals(FileState.Kind.MISSING, uncompared.get(1).kind());
      assertEquals("key unreadable", uncompared.get(0).detail());
    }
  }
}
