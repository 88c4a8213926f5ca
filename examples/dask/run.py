#!/usr/bin/env python3
"""Runs scrutiny over a corpus in shards on a Dask cluster, through the Python binding.

    PYTHONPATH=python python3 examples/dask/run.py --shards 8 minutes/ findings.jsonl rules/

Each task opens a scrutiny.Host, adds every input, keeps the councils of its shard (Host.shard:
all meetings of a council in one task, so facts across meetings hold) and returns its JSON Lines;
the client merges them with scrutiny.merge_jsonl into OUT, byte for byte what one
`scrutiny-run -f jsonl` writes. Without --scheduler a LocalCluster of --workers processes (one
thread each: a host belongs to one thread) is started and stopped here; with it, the workers of
that scheduler must see the same paths and import scrutiny. Exit status as scrutiny-run's:
0 no finding, 1 findings, 2 an error.
"""
import argparse
import os
import sys
import tempfile
import time


def run_shard(index, count, inputs, rules, config):
    """One shard, on a worker: (index, the shard's -f jsonl bytes)."""
    import scrutiny
    with scrutiny.Host(config=config) as h:
        for r in rules:
            h.load_rules(r)
        for p in inputs:
            try:
                h.add_path(p)
            except scrutiny.Error as e:  # a bad document is among the shard's error records,
                if e.status in (2, 6):   # and the others go on, as in scrutiny-run; not so
                    raise                # when memory or the store fails
        h.shard(index, count)
        try:
            h.run()
        except scrutiny.Error as e:  # a rule error: the shard's output still holds the records
            if e.findings is None:
                raise
        with tempfile.TemporaryDirectory() as d:
            h.write(os.path.join(d, "shard.jsonl"))
            with open(os.path.join(d, "shard.jsonl"), "rb") as f:
                return index, f.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", help="minutes (a file or folder); several with commas")
    ap.add_argument("out", help="the merged JSON Lines")
    ap.add_argument("rules", nargs="+", help="rule files or folders")
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--config", help="a scrutiny.yaml for every shard")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler (default: a LocalCluster)")
    ap.add_argument("--timing", action="store_true", help="say on stderr how long each step took")
    a = ap.parse_args()
    t0 = time.monotonic()

    import scrutiny
    from dask.distributed import Client, LocalCluster

    inputs = [os.path.abspath(p) for p in a.inputs.split(",")]
    rules = [os.path.abspath(r) for r in a.rules]
    config = os.path.abspath(a.config) if a.config else None
    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    t1 = time.monotonic()
    try:
        futures = client.map(run_shard, range(1, a.shards + 1), count=a.shards, inputs=inputs, rules=rules,
                             config=config, pure=False)
        parts = client.gather(futures)
        t2 = time.monotonic()
    except scrutiny.Error as e:
        print(f"{e}", file=sys.stderr)
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for index, data in sorted(parts):
            paths.append(os.path.join(d, f"shard-{index}.jsonl"))
            with open(paths[-1], "wb") as f:
                f.write(data)
        try:
            counts = scrutiny.merge_jsonl(paths, a.out)
        except scrutiny.Error as e:
            print(f"{e}", file=sys.stderr)
            return 2
    if a.timing:
        print(f"dask: cluster {t1 - t0:.1f} s, {a.shards} shards {t2 - t1:.1f} s, cluster stop and merge {time.monotonic() - t2:.1f} s",
              file=sys.stderr)
    with open(a.out, "rb") as f:
        errors = sum(1 for line in f if line.startswith(b'{"type":"error"'))
    return 2 if errors else 1 if sum(counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
