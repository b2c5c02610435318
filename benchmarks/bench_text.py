"""Text search on a synthetic ACLED file: the first search (fresh index, with and without the
link tables built) and later searches of other words, medians.

    python3 -m timeline.synthetic 1000000 /tmp/syn1m.csv     # once
    PYTHONPATH=. python3 benchmarks/bench_text.py [/tmp/syn1m.csv]
"""
import statistics
import sys
import time

import timeline.index as I
from timeline.filters import Filters
from timeline.io import read_acled

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/syn1m.csv"
t0 = time.perf_counter(); tl = read_acled(path, progress=False); print("load", round(time.perf_counter()-t0, 1), "s", flush=True)
words = ["idleb", "clashed", "drone strike", "aleppo fatalities", "zzzz", "qasr", "observatory", "killed",
         "homs", "shelling", "2024", "turkey", "protest"]
firsts = []
for k in range(3):
    I.clear_caches()
    ix = I.index_of(tl)
    ix.event_mask(Filters())  # the index's event codes already built
    t = time.perf_counter(); m = ix.event_mask(Filters(text=words[k])); firsts.append(time.perf_counter() - t)
    print("first", words[k], round(firsts[-1]*1000), "ms", int(m.sum()), flush=True)
firsts_linked = []
for k in range(3):
    I.clear_caches()
    ix = I.index_of(tl)
    ix.event_mask(Filters()); ix.actors; ix.places  # as after the explorer's controls are built
    t = time.perf_counter(); m = ix.event_mask(Filters(text=words[k])); firsts_linked.append(time.perf_counter() - t)
print("first (links built)", [round(x * 1000) for x in firsts_linked], flush=True)
after = []
for r in range(2):
    for w in words:
        t = time.perf_counter(); m = ix.event_mask(Filters(text=w)); after.append(time.perf_counter() - t)
        if r == 0: print(" ", w, round(after[-1]*1000), "ms", int(m.sum()), flush=True)
comb = []
for w in words:
    t = time.perf_counter(); m = ix.event_mask(Filters(text=w, categories=["military"], start="2024-01-01")); comb.append(time.perf_counter() - t)
print(f"first median {statistics.median(firsts)*1000:.0f} ms; first with links built median {statistics.median(firsts_linked)*1000:.0f} ms; after median {statistics.median(after)*1000:.0f} ms "
      f"(max {max(after)*1000:.0f}); with other filters median {statistics.median(comb)*1000:.0f} ms")
