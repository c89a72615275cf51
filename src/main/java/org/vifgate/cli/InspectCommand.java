package org.vifgate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.NetnsRunner;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.live.LiveDumpException;
import org.vifgate.netfilter.live.LiveDumps;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.parse.ArptablesListingParser;
import org.vifgate.netfilter.parse.DumpParseException;
import org.vifgate.netfilter.parse.SaveParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vifgate inspect}: reads the live netfilter rules, or a saved dump, and prints them. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Read the live netfilter rules (or a saved dump) and print them, as vifgate understands"
          + " them: tables, chains with their policies, and each rule with its target and comment.",
      "",
      "Live, it runs the explicit tools (iptables-nft-save, iptables-legacy-save, ip6tables-*-save,"
          + " arptables-nft-save, ebtables-nft-save, and 'arptables-legacy -L -n -v --line-numbers'"
          + " when the legacy ARP table exists), never the 'iptables' alternatives links and never"
          + " Debian's arptables-legacy-save, which shows the nft tables. Without --kind and"
          + " --backend it reads every kind on both backends.",
      "",
      "Exits 1 when a tool is missing or fails, or when its output cannot be read exactly (the"
          + " message names the line); the dumps that could be read are printed first.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  vifgate inspect --netns dom0",
      "      every kind, both backends, inside network namespace dom0",
      "  vifgate inspect --kind iptables --backend nft --output json",
      "      one JSON object per dump and line, for example",
      "      {\"kind\":\"iptables\",\"backend\":\"nft\",\"tables\":[{\"name\":\"filter\",",
      "      \"chains\":[{\"name\":\"FORWARD\",\"policy\":\"ACCEPT\",\"rules\":[{\"index\":1,",
      "      \"target\":\"DROP\",\"comment\":null,\"text\":\"-A FORWARD -j DROP\"}]}]}]}",
      "      (policy null: an iptables user chain; target null: a rule without one)",
      "  iptables-legacy-save > saved.rules",
      "  vifgate inspect --from saved.rules --kind iptables",
      "  arptables-legacy -L -n -v --line-numbers > arp.txt",
      "  vifgate inspect --from arp.txt --kind arptables --backend legacy"
    })
final class InspectCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--netns", paramLabel = "NAME", description = "Read inside this network namespace (ip netns exec).")
  String netns;

  @Option(names = "--from", paramLabel = "FILE", description = "Read a saved dump instead of the live rules (needs --kind).")
  Path from;

  @Option(names = "--kind", paramLabel = "KIND", description = "iptables, ip6tables, arptables or ebtables (default: all).")
  String kind;

  @Option(names = "--backend", paramLabel = "BACKEND", description = "legacy or nft (default: both; with --from: the file's header).")
  String backend;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
  String output;

  private final CommandRunner runner;
  private final Tools tools;

  InspectCommand() {
    this(new ProcessRunner(), Tools.system());
  }

  InspectCommand(CommandRunner runner, Tools tools) {
    this.runner = runner;
    this.tools = tools;
  }

  @Override
  public Integer call() {
    DumpKind wantedKind = kind == null ? null : parseKind(kind);
    Backend wantedBackend = backend == null ? null : parseBackend(backend);
    boolean json = parseOutput(output);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (from != null) {
      if (wantedKind == null) {
        throw usage("--from needs --kind (iptables, ip6tables, arptables or ebtables)");
      }
      if (netns != null) {
        throw usage("--from reads a file; it cannot be combined with --netns");
      }
      print(out, err, readFile(wantedKind, wantedBackend), json);
      return ExitCodes.OK;
    }
    if (wantedKind != null && wantedBackend != null && !LiveDumps.supports(wantedKind, wantedBackend)) {
      throw usage(wantedKind.id() + " is read through the nft backend only");
    }
    LiveDumps dumps = new LiveDumps(liveRunner(), tools);
    List<String> failures = new ArrayList<>();
    for (LiveDumps.Source source : LiveDumps.sources()) {
      if ((wantedKind != null && source.kind() != wantedKind)
          || (wantedBackend != null && source.backend() != wantedBackend)) {
        continue;
      }
      try {
        print(out, err, dumps.read(source.kind(), source.backend()), json);
      } catch (LiveDumpException e) {
        failures.add(source + ": " + e.getMessage());
      }
    }
    out.flush();
    if (!failures.isEmpty()) {
      throw new UserFacingException("inspect: " + String.join("\n  ", failures));
    }
    return ExitCodes.OK;
  }

  private CommandRunner liveRunner() {
    if (netns == null) {
      return runner;
    }
    try {
      NetnsRunner.requireValidName(netns);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    try {
      return new NetnsRunner(runner, tools.require("ip"), netns);
    } catch (Tools.ToolMissingException e) {
      throw new UserFacingException("inspect: " + e.getMessage());
    }
  }

  private Ruleset readFile(DumpKind dumpKind, Backend knownBackend) {
    String text;
    try {
      text = Files.readString(from, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserFacingException("inspect: " + from + ": no such file");
    } catch (IOException e) {
      throw new UserFacingException("inspect: cannot read " + from + ": " + e.getMessage());
    }
    try {
      if (dumpKind == DumpKind.ARPTABLES && ArptablesListingParser.looksLikeListing(text)) {
        if (knownBackend == Backend.NFT) {
          throw usage(from + " is an arptables listing, which vifgate reads for the legacy backend only");
        }
        return ArptablesListingParser.parse(text);
      }
      return SaveParser.parse(dumpKind, knownBackend, text);
    } catch (DumpParseException e) {
      String help = knownBackend == null && e.reason().contains("backend") ? " (pass --backend)" : "";
      throw new UserFacingException("inspect: " + from + ": " + e.getMessage() + help);
    }
  }

  private static void print(PrintWriter out, PrintWriter err, Ruleset ruleset, boolean json) {
    if (json) {
      out.println(RulesetPrinter.json(ruleset));
      String source = ruleset.kind().id() + " (" + ruleset.backend().id() + ")";
      for (String notice : ruleset.notices()) {
        err.println("vifgate: notice from " + source + ": " + notice);
      }
    } else {
      RulesetPrinter.text(out, ruleset);
    }
  }

  private DumpKind parseKind(String id) {
    try {
      return DumpKind.fromId(id.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw usage("--kind: " + e.getMessage());
    }
  }

  private Backend parseBackend(String id) {
    switch (id.toLowerCase(Locale.ROOT)) {
      case "legacy":
        return Backend.LEGACY;
      case "nft":
        return Backend.NFT;
      default:
        throw usage("--backend: unknown backend '" + id + "' (legacy, nft)");
    }
  }

  private boolean parseOutput(String format) {
    switch (format.toLowerCase(Locale.ROOT)) {
      case "json":
        return true;
      case "text":
        return false;
      default:
        throw usage("--output: unknown format '" + format + "' (text, json)");
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
