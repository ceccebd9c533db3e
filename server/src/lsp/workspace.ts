import path from 'node:path';
import {
  CONFIG_NAMES,
  ConfigError,
  textHash,
  isInside,
  isRecordPath,
  LintSession,
  OverlayHost,
  stoppedAnalysis,
  type ConfigProblem,
  type Project,
  type DocumentAnalysis,
  type Finding,
  type SessionResult,
} from '../core/index.js';
import { NodeHost } from '../node/node-host.js';
import { InvalidDateError, openNodeProject, resolveToday } from '../node/open-project.js';
import { localToday } from '../node/package-paths.js';
import { mergeProblems, probeProject, type ConfigMode } from './config-fallback.js';
import { EditorAnalysis } from './editor-analysis.js';

/**
 * Which documents are analysed on the keystroke path, in the server thread. A round trip to
 * a thread would cost every keystroke, and small documents are bounded here: the parse
 * limits keep their parsing short, every rule stops at its time budget, and team patterns
 * are proven linear at load. Larger documents (the largest real-world record is 400 KB, its
 * first analysis about a second), and any document whose analysis here took longer than
 * SLOW_MS twice in a row (once may be a cold start or a busy machine), are analysed on a
 * thread that is stopped when a document overruns its time limit; editor features that need
 * the parsed document (hover, completion, quick fixes) do not parse those here either.
 */
const KEYSTROKE_MAX_CHARS = 512 * 1024;
const SLOW_MS = 2000;

export interface WorkspaceSettings {
  /** `standpoint.configPath`: a config file to use instead of discovery. */
  configPath?: string;
  /** Workspace trust: untrusted workspaces run built-in rules only. */
  trusted: boolean;
  today?: string;
}

export type FileRole = 'record' | 'registry' | 'config' | 'rule' | 'other';

/** What the server publishes: findings per record file, and problems per config or rule file. */
export interface WorkspaceResults {
  findings: Map<string, Finding[]>;
  problems: Map<string, ConfigProblem[]>;
  summary?: Pick<SessionResult, 'waived' | 'activeWaivers'>;
}

/**
 * The language server's view of the workspace: every record (open or not), the
 * registries, config and rule files, with open buffers winning over the disk. Config,
 * registry and rule changes reload and re-lint; a broken config never stops the server.
 */
export class Workspace {
  readonly host = new OverlayHost(new NodeHost());
  private project!: Project;
  private session!: LintSession;
  private problems: ConfigProblem[] = [];
  private folders: string[] = [];
  /** Records to analyse in the background (found on disk, or stale after a registry change). */
  private readonly pending = new Set<string>();
  /** Records handed to worker threads whose analyses have not come back; a change here supersedes them. */
  private readonly handedOut = new Set<string>();
  /** Bumped when analyses made elsewhere go stale (rebuild, registry change), so late ones are dropped. */
  private epoch = 0;
  /** The last results, reused by hover and code actions until something changes. */
  private cached: WorkspaceResults | undefined;
  /** Documents whose last analysis here took longer than SLOW_MS. */
  private readonly slowOnce = new Set<string>();
  /** Documents whose analysis here took longer than SLOW_MS twice in a row: analysed on the editor's thread from now on. */
  private readonly slow = new Set<string>();
  private readonly editor: EditorAnalysis;
  /** The last project whose configuration loaded: linted with while a config or rule file is broken. */
  private lastGood: Project | undefined;
  private configMode: ConfigMode = 'ok';
  /** Unsaved (untitled) records, checked under a name inside the workspace whatever its globs say. */
  private readonly unsaved = new Set<string>();

  /** `analysed`: told when an analysis made elsewhere has changed the results. */
  constructor(
    private settings: WorkspaceSettings,
    private readonly analysed: () => void = () => undefined,
  ) {
    this.editor = new EditorAnalysis({
      job: () => ({ options: this.project.options, buffers: this.bufferList() }),
      deliver: (analysis, hash) => {
        // Only while it is still the document's text: a newer one is on its way.
        const text = this.host.readFile(analysis.file);
        if (text === undefined || textHash(text) !== hash || this.role(analysis.file) !== 'record') return;
        this.session.addAnalysis(analysis, hash);
        this.cached = undefined;
        this.analysed();
      },
      failed: (err) => {
        if (err instanceof ConfigError) this.reportProblems(err.problems);
        this.analysed();
      },
    });
    this.rebuild();
  }

  get today(): string {
    return this.project.today;
  }

  get current(): { project: Project; session: LintSession } {
    return { project: this.project, session: this.session };
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    // Another workspace: what loaded for the old one is no fallback for it.
    this.lastGood = undefined;
    this.rebuild();
  }

  updateSettings(settings: WorkspaceSettings): void {
    this.settings = settings;
    this.lastGood = undefined;
    this.rebuild();
  }

  /** Which configuration checking uses: the workspace's, the last good one, or the built-in rules. */
  get mode(): ConfigMode {
    return this.configMode;
  }

  /** Worker threads open the project from its options, which cannot bring back a configuration the disk no longer holds. */
  get canIndexOnWorkers(): boolean {
    return this.configMode !== 'last-good';
  }

  /**
   * Start again from the disk and open buffers: after a config or rule change, or new settings.
   * A configuration that does not load is reported, and checking goes on with the last good one.
   */
  rebuild(): void {
    const setup = { cwd: this.folders[0] ?? process.cwd(), today: todayFor(this.settings), trusted: this.settings.trusted, followsEdits: true };
    const candidate = openNodeProject({ ...setup, config: this.settings.configPath || undefined }, this.host);
    const probe = probeProject(candidate, this.folders, this.host.bufferedFiles());
    this.cached = undefined;
    this.problems = probe.problems;
    if (probe.problems.length === 0) {
      this.lastGood = candidate;
      this.configMode = 'ok';
      this.start(candidate, probe.records);
    } else if (this.lastGood) {
      this.configMode = 'last-good';
      // Still on the last good project: its session is current, nothing to analyse again.
      if (this.project !== this.lastGood) this.start(this.lastGood, probeProject(this.lastGood, this.folders, []).records);
    } else {
      this.configMode = 'built-in';
      const builtin = openNodeProject({ ...setup, config: false }, this.host);
      this.start(builtin, probeProject(builtin, this.folders, []).records);
    }
  }

  /** A new session on `project`: open buffers analysed now, the records found on disk queued for the background index. */
  private start(project: Project, records: string[]): void {
    this.project = project;
    this.session = new LintSession(project, { reparse: (file, text) => this.onThisThread(file, text) });
    this.pending.clear();
    for (const file of records) this.pending.add(file);
    this.epoch++;
    this.handedOut.clear();
    this.editor.reset();
    // What the user is looking at is analysed now; the rest follows in the background.
    for (const file of this.host.bufferedFiles()) if (this.unsaved.has(file) || this.role(file) === 'record') this.guard(() => this.track(file));
  }

  /** An unsaved record (an untitled editor) under its stand-in name: checked as a record of the workspace. */
  setUnsaved(file: string, text: string): FileRole {
    this.unsaved.add(file);
    if (this.host.buffer(file) === text) return 'record';
    this.host.setBuffer(file, text);
    this.cached = undefined;
    this.guard(() => this.track(file));
    return 'record';
  }

  /** Stops the editor's analysis thread (the server is shutting down). */
  dispose(): void {
    this.editor.reset();
  }

  /** Records still waiting to be indexed, here or on worker threads. */
  get indexing(): number {
    return this.pending.size + this.handedOut.size;
  }

  /** Hands the pending records to worker threads; their analyses come back through `addIndexed`. */
  takePending(): { files: string[]; epoch: number; buffers: Map<string, string> } {
    const files = [...this.pending];
    this.pending.clear();
    for (const file of files) this.handedOut.add(file);
    return { files, epoch: this.epoch, buffers: new Map(this.bufferList()) };
  }

  /** False once analyses handed out at `epoch` can no longer be used. */
  isCurrent(epoch: number): boolean {
    return epoch === this.epoch;
  }

  /** Analyses from worker threads; dropped for records changed or opened here since they were handed out. */
  addIndexed(items: Array<{ analysis: DocumentAnalysis; hash: string }>, epoch: number): void {
    if (epoch !== this.epoch) return;
    for (const { analysis, hash } of items) {
      if (!this.handedOut.delete(analysis.file)) continue;
      this.session.addAnalysis(analysis, hash);
      this.cached = undefined;
    }
  }

  /** A record whose analysis on a worker thread was stopped: it is reported as such, where it is. */
  addStopped(file: string, reason: string, epoch: number): void {
    if (epoch !== this.epoch || !this.handedOut.delete(file)) return;
    const text = this.host.readFile(file);
    if (text === undefined) return;
    this.session.addAnalysis(stoppedAnalysis(file, text, reason), textHash(text));
    this.cached = undefined;
  }

  /** Ends a hand-out: unreadable records are dropped (as here), the rest go back to the queue. */
  settleHandOut(epoch: number, unreadable: string[] = []): void {
    if (epoch !== this.epoch) return;
    for (const file of unreadable) {
      this.handedOut.delete(file);
      this.session.removeRecord(file);
    }
    for (const file of this.handedOut) this.pending.add(file);
    this.handedOut.clear();
  }

  /** A configuration error met while analysing elsewhere: shown like one met here (checking goes on with what loads here). */
  reportProblems(problems: ConfigProblem[]): void {
    this.problems = mergeProblems(this.problems, problems);
    this.cached = undefined;
  }

  /** Analyses pending records here for about `budgetMs` (when worker threads cannot be used); returns how many are left. */
  indexSome(budgetMs: number): number {
    const until = performance.now() + budgetMs;
    for (const file of this.pending) {
      if (performance.now() >= until) break;
      // One record that cannot be read with this configuration does not hold up the others.
      this.guard(() => this.track(file));
    }
    return this.pending.size;
  }

  role(file: string): FileRole {
    const base = path.basename(file);
    if ((CONFIG_NAMES as readonly string[]).includes(base)) return 'config';
    if (!/\.(ya?ml|md|markdown)$/i.test(base)) return 'other';
    if (this.session.has(file)) return 'record';
    let role: FileRole = 'other';
    this.guard(() => {
      const config = this.project.configFor(file);
      if (file === config.people || file === config.promises) role = 'registry';
      else if (config.ruleDirs.some((d) => isInside(d, file)) || isInside(this.project.options.builtinRulesDir, file)) role = 'rule';
      else if (isRecordPath(this.project, file, this.folderOf(file))) role = 'record';
    });
    return role;
  }

  /** An editor buffer opened or changed. Returns what kind of file it is. */
  setBuffer(file: string, text: string): FileRole {
    if (this.host.buffer(file) === text) return this.role(file);
    this.host.setBuffer(file, text);
    return this.changed(file);
  }

  closeBuffer(file: string): FileRole {
    this.host.closeBuffer(file);
    this.unsaved.delete(file);
    return this.changed(file);
  }

  /** A file changed on disk (created, changed or deleted). */
  diskChanged(file: string): FileRole {
    if (this.host.buffer(file) !== undefined) return this.role(file);
    return this.changed(file);
  }

  private changed(file: string): FileRole {
    this.cached = undefined;
    const role = this.role(file);
    if (role === 'config' || role === 'rule') {
      this.rebuild();
    } else if (role === 'registry') {
      this.project.forgetRegistry(file);
      // Every record was read against the old registry: all are indexed again, the open ones now.
      this.epoch++;
      // A broken config's problems stay until it is fixed; a registry's are found again as records are read.
      if (this.configMode === 'ok') this.problems = [];
      this.editor.reset();
      for (const record of [...this.session.files, ...this.handedOut]) this.pending.add(record);
      this.handedOut.clear();
      this.guard(() => {
        for (const open of this.host.bufferedFiles()) {
          if (!this.session.has(open)) continue;
          // Its text did not change: its analysis is dropped, or the session would keep it.
          this.session.removeRecord(open);
          this.track(open);
        }
      });
    } else if (role === 'record') {
      this.guard(() => this.track(file));
    }
    return role;
  }

  /** Analyses a record's current text: here when that is bounded, else on the editor's thread. */
  private track(file: string): void {
    this.cached = undefined;
    this.pending.delete(file);
    this.handedOut.delete(file);
    const text = this.host.readFile(file);
    if (text === undefined) {
      this.session.removeRecord(file);
    } else if (this.onThisThread(file, text)) {
      const started = performance.now();
      this.session.setRecord(file, text);
      if (performance.now() - started <= SLOW_MS) this.slowOnce.delete(file);
      else if (this.slowOnce.has(file)) this.slow.add(file);
      else this.slowOnce.add(file);
    } else {
      this.editor.analyse(file, text);
    }
  }

  /** Whether this text of the file is parsed on the server thread (else features that need it answer nothing). */
  onThisThread(file: string, text: string): boolean {
    return text.length <= KEYSTROKE_MAX_CHARS && !this.slow.has(file);
  }

  private bufferList(): Array<[string, string]> {
    return this.host.bufferedFiles().map((f) => [f, this.host.buffer(f)!]);
  }

  private folderOf(file: string): string {
    return this.folders.filter((f) => isInside(f, file)).sort((a, b) => b.length - a.length)[0] ?? path.dirname(file);
  }

  /** Runs engine work; a configuration or rule-file error becomes diagnostics, never a crash. */
  private guard(work: () => void): void {
    try {
      work();
    } catch (err) {
      if (err instanceof ConfigError) this.problems = mergeProblems(this.problems, err.problems);
      else throw err;
    }
  }

  /** Findings and config problems now; computed once per change, however many features ask. */
  results(): WorkspaceResults {
    this.cached ??= this.compute();
    return this.cached;
  }

  /** Findings from whichever configuration is in use, and the problems of a broken one beside them: never one instead of the other. */
  private compute(): WorkspaceResults {
    let out: WorkspaceResults = { findings: new Map(), problems: new Map() };
    this.guard(() => {
      const result = this.session.results();
      out = { findings: result.byFile, problems: out.problems, summary: result };
    });
    for (const p of [...this.problems, ...this.project.missingRegistryProblems()]) out.problems.set(p.file, [...(out.problems.get(p.file) ?? []), p]);
    return out;
  }

  /** The problems that make checking use another configuration than the workspace's (empty when it loads). */
  get configProblems(): readonly ConfigProblem[] {
    return this.problems;
  }

  /** Registries that do not parse or are gone, whose last good entries records are checked against. */
  get registryProblems(): ConfigProblem[] {
    const unparsed = this.project.registriesOnLastGood().map((doc) => ({ file: doc.file, ...doc.lines.range(doc.syntax[0].span), message: doc.syntax[0].message }));
    return [...unparsed, ...this.project.missingRegistryProblems()];
  }
}

/** "Today" as the CLI resolves it; a malformed date from the editor falls back to the local date rather than stopping the server. */
function todayFor(settings: WorkspaceSettings): string {
  try {
    return resolveToday({ value: settings.today, source: 'the today setting' });
  } catch (err) {
    if (err instanceof InvalidDateError) return localToday();
    throw err;
  }
}
