package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vifgate.exec.Command;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;

/** The README's main job: the demo runs, shows the story, and leaves nothing behind. */
class DemoIT {

  @Test
  void demoShowsGuestsCutOffThenReachableAndCleansUp() throws Exception {
    CliRun run = CliRun.of("demo", "--prefix", "vgdemoit");
    assertEquals(0, run.code(), run.toString());
    String out = run.out();
    assertTrue(out.contains("Plan: 0 to add, 1 to change, 0 to remove."), out);
    String[] steps = out.split("== ");
    assertTrue(steps[2].contains("lan -> guest1           cut    cut    cut    cut"), steps[2]);
    assertTrue(steps[2].contains("dom0 -> lan             passes passes passes passes"), steps[2]);
    assertTrue(steps[3].contains("lan -> guest1           passes passes passes passes"), steps[3]);
    assertTrue(steps[5].contains("lan -> guest1           cut    cut    cut    cut"), "rebooted guest cut off: " + steps[5]);
    String namespaces =
        new ProcessRunner().run(Command.of(Tools.system().require("ip"), "netns", "list")).stdout();
    assertFalse(namespaces.contains("vgdemoit"), namespaces);
  }
}
