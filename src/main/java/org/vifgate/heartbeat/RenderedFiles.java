package org.vifgate.heartbeat;

import java.util.List;

/** ha.cf, authkeys and haresources for one node, in the order they are written. */
public record RenderedFiles(RenderedFile haCf, RenderedFile authkeys, RenderedFile haresources) {

  public RenderedFiles {
    require(haCf, HeartbeatFile.HA_CF);
    require(authkeys, HeartbeatFile.AUTHKEYS);
    require(haresources, HeartbeatFile.HARESOURCES);
  }

  public List<RenderedFile> all() {
    return List.of(haCf, authkeys, haresources);
  }

  private static void require(RenderedFile file, HeartbeatFile kind) {
    if (file == null || file.kind() != kind) {
      throw new IllegalArgumentException("expected " + kind.fileName() + ", got " + file);
    }
  }
}
