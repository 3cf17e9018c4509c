"""Throughput of name normalisation and similarity, scalar and bulk.

Usage::

    python benchmarks/bench_names.py [N]

N names (default 1,000,000) are drawn from common Indonesian name parts (docs/domain.md,
"Name variation") with titles, degrees, Muhammad abbreviations, old spelling and bin/binti
mixed in, about 1 in 5 distinct, as in a regional roll. Measured: ``normalize_names`` on
all N, ``name_similarity_many`` on N pairs, and the scalar ``name_similarity``,
``names_compatible`` and ``phonetic_key`` on N / 10.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from bansos_validate.names import (
    name_similarity,
    name_similarity_many,
    names_compatible,
    normalize_names,
    phonetic_key,
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = _words("""
    SITI SRI NUR DWI TRI EKO AGUS BUDI MUHAMMAD MOCH. M. AHMAD ACHMAD ABDUL DEWI RINA
    JOKO DJOKO SUTRISNO SOETRISNO SLAMET SELAMET HERMAN ISMAIL NURHAYATI SULASTRI
""")
LAST = _words("""
    AMINAH WAHYUNI WAHYUNINGSIH SANTOSO SUSANTO SUPRIYANTO SUPRIJANTO MULYADI WAHYUDI
    JUNAIDI DJUNAEDI SUPARMAN SOEPARMAN SUPARDI HIDAYAT RAHMAT LESTARI SUMIATI SUMARNI
    PRASETYO CAHYONO TJAHJONO SETIAWAN KURNIAWAN FAUZI YUSUF JUSUF
""")
TITLES = ("", "", "", "", "H. ", "HJ. ", "DRS. ", "IBU ", "BPK. ", "NY. ")
DEGREES = ("", "", "", "", "", ", S.PD", ", S.E.", " S.KOM", ", A.MD", ", M.M.")


def make_names(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    distinct = []
    for _ in range(max(1, n // 5)):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if rng.random() < 0.3:
            name += f" {rng.choice(LAST)}"
        if rng.random() < 0.05:
            name += f" BIN {rng.choice(LAST)}"
        distinct.append(rng.choice(TITLES) + name + rng.choice(DEGREES))
    return [rng.choice(distinct) for _ in range(n)]


def timed(label: str, count: int, func: Callable[[], object]) -> float:
    """Print wall and CPU time (CPU time is steadier on a shared machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    func()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{label:<44} {seconds:7.2f} s wall {cpu_seconds:7.2f} s cpu"
        f"  {count / cpu_seconds:>10,.0f} /cpu-s"
    )
    return seconds


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    left, right = make_names(n, seed=0), make_names(n, seed=1)
    small = n // 10
    print(f"{n:,} names ({len(set(left)):,} distinct), python {sys.version.split()[0]}")
    name_similarity_many(left[:10], right[:10])  # import numpy and rapidfuzz outside timing
    timed("normalize_names (N)", n, lambda: normalize_names(left))
    timed("name_similarity_many (N pairs)", n, lambda: name_similarity_many(left, right))
    timed(
        "name_similarity_many (N pairs, workers=-1)",
        n,
        lambda: name_similarity_many(left, right, workers=-1),
    )
    pairs = list(zip(left[:small], right[:small], strict=True))
    timed(
        "name_similarity (N/10, scalar)", small, lambda: [name_similarity(a, b) for a, b in pairs]
    )
    timed(
        "names_compatible (N/10, scalar)", small, lambda: [names_compatible(a, b) for a, b in pairs]
    )
    timed("phonetic_key (N/10)", small, lambda: [phonetic_key(a) for a in left[:small]])


if __name__ == "__main__":
    main()
