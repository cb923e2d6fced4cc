"""Sweep's offline stand-in for the ``wandb`` package.

A program written for W&B runs unchanged under ``sweep run`` / ``sweep agent``: ``wandb.init()``
returns a run whose ``config`` holds the trial's parameters (from ``$SWEEP_CONFIG``), and
``wandb.log`` writes the lines Sweep reads from ``$SWEEP_METRICS`` (steps counted as W&B counts
them; ``define_metric(..., step_metric=...)`` honoured). When the run finishes, its summary (the
last value of each logged key, or ``define_metric``'s aggregate, overridden by ``run.summary[k] =
v``) is written as the trial's final metrics. Nothing is sent anywhere. Calls this module does not
support (artifacts, tables, images, ``wandb.watch``, ...) are accepted and ignored, with one
warning on stderr for the first.
"""

import atexit
import fnmatch
import json
import math
import numbers
import os
import sys
import time

__version__ = "0.0.0+sweep"
SWEEP_SHIM = True

_ignored = []


def _unsupported(what):
    """Records an ignored call; warns on stderr for the first one only."""
    if what not in _ignored:
        _ignored.append(what)
        if len(_ignored) == 1:
            sys.stderr.write(
                "wandb: Sweep's offline wandb module ignores %s (and any further unsupported call, "
                "without another warning); nothing is sent to W&B\n" % what
            )
            sys.stderr.flush()


class _Ignored:
    """What an unsupported call returns: accepts any call, attribute or use."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return _Ignored()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Ignored()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __iter__(self):
        return iter(())

    def __bool__(self):
        return False


def _ignored_call(what):
    def call(*args, **kwargs):
        _unsupported(what)
        return _Ignored()

    call.__name__ = what.rsplit(".", 1)[-1].rstrip("()")
    return call


def _ignored_type(name):
    class Type(_Ignored):
        def __init__(self, *args, **kwargs):
            _unsupported("wandb." + name)

    Type.__name__ = Type.__qualname__ = name
    return Type


for _name in (
    "Table", "Image", "Video", "Audio", "Html", "Histogram", "Object3D", "Molecule",
    "Plotly", "Graph", "Artifact", "Api", "Classes", "Node", "Edge", "Interface",
):
    globals()[_name] = _ignored_type(_name)


class _Plot(_Ignored):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _ignored_call("wandb.plot." + name)


plot = _Plot()


class Settings:
    """Accepted and kept; no setting changes what this module does."""

    def __init__(self, *args, **kwargs):
        self.__dict__.update(kwargs)


class Error(Exception):
    pass


class _Items:
    """A mapping read by attribute and by item, as W&B's config and summary are."""

    _what = "items"

    def __init__(self):
        object.__setattr__(self, "_items", {})

    def __getattr__(self, key):
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self._items[key]
        except KeyError:
            raise AttributeError("%s has no key %r" % (self._what, key)) from None

    def __setattr__(self, key, value):
        self.update({key: value})

    def __getitem__(self, key):
        return self._items[key]

    def __setitem__(self, key, value):
        self.update({key: value})

    def __delitem__(self, key):
        del self._items[key]

    def __contains__(self, key):
        return key in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __repr__(self):
        return repr(self._items)

    def keys(self):
        return self._items.keys()

    def values(self):
        return self._items.values()

    def items(self):
        return self._items.items()

    def get(self, key, default=None):
        return self._items.get(key, default)

    def as_dict(self):
        return dict(self._items)


class Config(_Items):
    """The run's config: attribute and item access, as W&B's; the sweep's values win."""

    _what = "config"

    def __init__(self):
        super().__init__()
        object.__setattr__(self, "_locked", set())

    def update(self, d=None, allow_val_change=None, **kwargs):
        for key, value in _as_dict(d, kwargs).items():
            if key in self._locked:
                if self._items.get(key) != value:
                    sys.stderr.write(
                        "wandb: config item %r is set by the sweep (%r); %r ignored\n"
                        % (key, self._items.get(key), value)
                    )
                continue
            self._items[key] = value

    def setdefaults(self, d):
        for key, value in _as_dict(d, {}).items():
            self._items.setdefault(key, value)

    def persist(self):
        pass

    def _sweep(self, values):
        """The sweep's values: set, and locked against later updates."""
        for key, value in values.items():
            self._items[key] = value
            self._locked.add(key)


def _as_dict(d, kwargs):
    out = {}
    if d is not None:
        if isinstance(d, dict):
            out.update(d)
        elif isinstance(d, _Items):
            out.update(d.as_dict())
        elif hasattr(d, "items"):
            out.update(dict(d.items()))
        elif hasattr(d, "__dict__"):  # argparse.Namespace, absl flags
            out.update(vars(d))
        else:
            _unsupported("a config of type %s" % type(d).__name__)
    out.update(kwargs)
    return out


class Summary(_Items):
    """The run's summary: the last value of each logged key unless set here."""

    _what = "summary"

    def update(self, d=None, **kwargs):
        self._items.update(_as_dict(d, kwargs))


def _number(value):
    """The value as a float if it is a number (numpy and one-element tensors included), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        return float(value)
    item = getattr(value, "item", None)
    if callable(item):
        try:
            v = item()
        except Exception:
            return None
        if isinstance(v, numbers.Real) and not isinstance(v, bool):
            return float(v)
    return None


def _flatten(data, prefix=""):
    out = {}
    for key, value in data.items():
        name = prefix + str(key)
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


_RESERVED = ("step", "final")  # the metrics file's own fields


class Run:
    """One trial, as a W&B run."""

    def __init__(self, kwargs):
        env = os.environ
        self.id = str(kwargs.get("id") or env.get("WANDB_RUN_ID") or env.get("SWEEP_TRIAL_ID") or "offline")
        self.name = kwargs.get("name") or env.get("WANDB_NAME") or env.get("SWEEP_TRIAL_NAME") or self.id
        self.dir = env.get("WANDB_DIR") or env.get("SWEEP_TRIAL_DIR") or os.getcwd()
        self.project = kwargs.get("project") or env.get("WANDB_PROJECT") or "sweep"
        self.entity = kwargs.get("entity") or env.get("WANDB_ENTITY") or ""
        self.group = kwargs.get("group")
        self.job_type = kwargs.get("job_type")
        self.notes = kwargs.get("notes")
        self.tags = tuple(kwargs.get("tags") or ())
        self.sweep_id = env.get("WANDB_SWEEP_ID")
        self.mode = "offline"
        self.offline = True
        self.disabled = False
        self.resumed = False
        self.url = None
        self.path = "/".join(p for p in (self.entity, self.project, self.id) if p)
        self.start_time = time.time()
        self.config = config
        self.summary = Summary()
        self._step = 0
        self._row = {}
        self._metrics = []  # (pattern, step_metric, summary) in the order defined
        self._last = {}  # the last value of each key, for step metrics
        self._seen = {}  # numeric values per key, for summary aggregates
        self._finished = False
        self._file = env.get("SWEEP_METRICS")

    @property
    def step(self):
        return self._step

    def log(self, data, step=None, commit=None, sync=None):
        if self._finished:
            _unsupported("wandb.log after finish()")
            return
        if not isinstance(data, dict):
            raise ValueError("wandb.log must be passed a dictionary")
        if step is not None:
            step = int(step)
            if step < self._step:
                sys.stderr.write(
                    "wandb: step %d is less than the current step %d; steps must increase, so "
                    "this data is ignored\n" % (step, self._step)
                )
                return
            if step > self._step:
                self._commit()
                self._step = step
            commit = bool(commit)
        elif commit is None:
            commit = True
        self._row.update(_flatten(data))
        if commit:
            self._commit()
            self._step += 1

    def define_metric(self, name, step_metric=None, step_sync=None, hidden=None, summary=None,
                      goal=None, overwrite=None, **kwargs):
        if isinstance(step_metric, _Metric):
            step_metric = step_metric.name
        self._metrics.append((name, step_metric, summary))
        return _Metric(name)

    def _definition(self, key):
        exact = [m for m in self._metrics if m[0] == key]
        if exact:
            return exact[-1]
        globs = [m for m in self._metrics if "*" in m[0] and fnmatch.fnmatchcase(key, m[0])]
        return globs[-1] if globs else None

    def _commit(self):
        row, self._row = self._row, {}
        if not row:
            return
        self._last.update(row)
        points = {}
        for key, value in row.items():
            number = _number(value)
            definition = self._definition(key)
            aggregate = definition[2] if definition else None
            if number is None:
                self.summary._items[key] = value
                continue
            self._seen.setdefault(key, []).append(number)
            self.summary._items[key] = _aggregate(aggregate, self._seen[key], number)
            if key in _RESERVED:
                continue
            axis = self._step
            if definition and definition[1] and definition[1] != key:
                axis = _number(self._last.get(definition[1]))
                if axis is None or axis != math.floor(axis) or math.isinf(axis):
                    continue  # W&B would plot it against a value Sweep's steps cannot hold
                axis = int(axis)
            points.setdefault(axis, {})[key] = number
        for axis, metrics in points.items():
            line = {"step": axis}
            line.update(metrics)
            self._write(line)

    def _write(self, line):
        if self._file:
            with open(self._file, "a") as f:
                f.write(json.dumps(line) + "\n")

    def finish(self, exit_code=None, quiet=None):
        global run
        if self._finished:
            return
        self._commit()
        self._finished = True
        finals = {}
        for key, value in self.summary._items.items():
            number = _number(value)
            if number is not None and key not in _RESERVED:
                finals[key] = number
        if finals:
            line = {"final": True}
            line.update(finals)
            self._write(line)
        try:
            with open(os.path.join(self.dir, "wandb-summary.json"), "w") as f:
                json.dump({k: v for k, v in self.summary._items.items() if _jsonable(v)}, f)
        except OSError:
            pass
        if run is self:
            run = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.finish(exit_code=1 if exc_type else 0)
        return False

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return _ignored_call("run." + name)

    def save(self, *args, **kwargs):
        _unsupported("run.save")

    def log_artifact(self, *args, **kwargs):
        _unsupported("run.log_artifact")
        return _Ignored()

    def use_artifact(self, *args, **kwargs):
        _unsupported("run.use_artifact")
        return _Ignored()

    def watch(self, *args, **kwargs):
        _unsupported("run.watch")

    def alert(self, *args, **kwargs):
        _unsupported("run.alert")


def _jsonable(value):
    try:
        json.dumps(value)
        return True
    except (TypeError, ValueError):
        return False


def _aggregate(kind, seen, last):
    kinds = kind if isinstance(kind, (list, tuple)) else [kind]
    kind = kinds[0] if kinds else None
    if kind == "min":
        return min(seen)
    if kind == "max":
        return max(seen)
    if kind == "mean":
        return sum(seen) / len(seen)
    if kind == "first":
        return seen[0]
    return last


class _Metric:
    def __init__(self, name):
        self.name = name


config = Config()
summary = None
run = None


def _sweep_values():
    path = os.environ.get("SWEEP_CONFIG")
    if not path:
        return {}
    with open(path) as f:
        return json.load(f)


def init(*args, **kwargs):
    """Starts the trial's run (or returns the one already started)."""
    global run, summary
    if run is not None and not run._finished:
        return run
    defaults = _as_dict(kwargs.get("config"), {})
    for key in kwargs.get("config_exclude_keys") or ():
        defaults.pop(key, None)
    include = kwargs.get("config_include_keys")
    if include:
        defaults = {k: v for k, v in defaults.items() if k in include}
    config.update(defaults)
    config._sweep(_sweep_values())
    run = Run(kwargs)
    summary = run.summary
    return run


def log(data, step=None, commit=None, sync=None):
    if run is None:
        raise Error("You must call wandb.init() before wandb.log()")
    run.log(data, step=step, commit=commit)


def define_metric(name, *args, **kwargs):
    if run is None:
        raise Error("You must call wandb.init() before wandb.define_metric()")
    return run.define_metric(name, *args, **kwargs)


def finish(exit_code=None, quiet=None):
    if run is not None:
        run.finish(exit_code=exit_code)


def login(*args, **kwargs):
    return True


def setup(*args, **kwargs):
    return None


def teardown(*args, **kwargs):
    finish()


def sweep(sweep=None, entity=None, project=None, prior_runs=None, **kwargs):
    """The sweep is Sweep's, from its sweep file; returns its id."""
    return os.environ.get("WANDB_SWEEP_ID", "sweep")


def agent(sweep_id=None, function=None, entity=None, project=None, count=None, **kwargs):
    """Runs ``function`` once: this process is one trial of the sweep."""
    if function is None:
        _unsupported("wandb.agent without function")
        return
    try:
        function()
    except BaseException:
        if run is not None:
            run.finish(exit_code=1)
        raise
    finish()


save = _ignored_call("wandb.save")
restore = _ignored_call("wandb.restore")
watch = _ignored_call("wandb.watch")
unwatch = _ignored_call("wandb.unwatch")
alert = _ignored_call("wandb.alert")
log_artifact = _ignored_call("wandb.log_artifact")
use_artifact = _ignored_call("wandb.use_artifact")
log_model = _ignored_call("wandb.log_model")
use_model = _ignored_call("wandb.use_model")
link_model = _ignored_call("wandb.link_model")
mark_preempting = _ignored_call("wandb.mark_preempting")
controller = _ignored_call("wandb.controller")


def termlog(string="", newline=True, repeat=True):
    sys.stderr.write("wandb: %s%s" % (string, "\n" if newline else ""))


termwarn = termerror = termlog


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _ignored_call("wandb." + name)


@atexit.register
def _finish_at_exit():
    if run is not None:
        run.finish()
