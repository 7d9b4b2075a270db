"""Small deep networks with tied parameters for lem-network-param (Lemma 3.1) and cor-depth.

A :class:`TiedNet` is x -> W_D s(W_{D-1} ... s(W_1 x)) with s = relu (or tanh), each matrix entry equal to one free
parameter w_k (or fixed at 0), each parameter used by at most Q entries. ``bias=True`` appends free biases
b_1..b_D (added after each W_j), which Lemma 3.1 as PAPER.md states it lists among the parameters.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class TiedNet:
    widths: tuple[int, ...]
    ties: tuple[np.ndarray, ...]  # per layer, shape (h_j, h_{j-1}), parameter index of each entry
    p_weights: int
    Q: int
    bias: bool = False
    activation: str = "relu"

    @classmethod
    def random(cls, widths: tuple[int, ...], Q: int, rng: np.random.Generator, *, bias: bool = False,
               activation: str = "relu") -> TiedNet:
        shapes = [(b, a) for a, b in itertools.pairwise(widths)]
        entries = sum(a * b for a, b in shapes)
        p_w = math.ceil(entries / Q)
        idx = np.concatenate([np.repeat(np.arange(p_w), Q)[:entries]])
        idx = idx[rng.permutation(entries)]
        ties, start = [], 0
        for a, b in shapes:
            ties.append(idx[start:start + a * b].reshape(a, b))
            start += a * b
        return cls(tuple(widths), tuple(ties), p_w, Q, bias, activation)

    @property
    def depth(self) -> int:
        return len(self.ties)

    @property
    def p(self) -> int:
        return self.p_weights + (sum(self.widths[1:]) if self.bias else 0)

    def mats(self, w: np.ndarray) -> list[np.ndarray]:
        """Weight matrices for a batch of parameter vectors w of shape (K, p): list of (K, h_j, h_{j-1})."""
        return [w[:, t] for t in self.ties]

    def biases(self, w: np.ndarray) -> list[np.ndarray]:
        out, start = [], self.p_weights
        for h in self.widths[1:]:
            out.append(w[:, start:start + h] if self.bias else np.zeros((w.shape[0], h)))
            start += h
        return out

    def forward(self, w: np.ndarray, x: np.ndarray) -> np.ndarray:
        """f_w(x) for batches: w (K, p), x (K, d) -> (K,)."""
        h = x[:, :, None]
        act = (lambda z: np.maximum(z, 0.0)) if self.activation == "relu" else np.tanh
        mats, bs = self.mats(w), self.biases(w)
        for j, (M, b) in enumerate(zip(mats, bs)):
            h = M @ h + b[:, :, None]
            if j < self.depth - 1:
                h = act(h)
        return h[:, 0, 0]

    def norms(self, w: np.ndarray) -> np.ndarray:
        """Operator norms ||W_j||_op, shape (K, D)."""
        return np.stack([np.linalg.norm(M, ord=2, axis=(1, 2)) for M in self.mats(w)], axis=1)

    def B(self, w: np.ndarray) -> np.ndarray:
        """B(w) = max_{i in 0..D} prod_{j != i} ||W_j||_op (i = 0: the full product)."""
        nm = self.norms(w)
        terms = [np.prod(nm, axis=1)] + [np.prod(np.delete(nm, i, axis=1), axis=1) for i in range(self.depth)]
        return np.max(np.stack(terms, axis=1), axis=1)


@dataclass(frozen=True, eq=False)
class SkipNet:
    """A dense ReLU net with skip connections: layer j reads the concatenation u_{j-1} = [x; h_1; ...; h_{j-1}],
    h_j = relu(W_j u_{j-1}) for j < D and f = W_D u_{D-1} (scalar). ``mats`` are the W_j (h_j x dim u_{j-1})."""

    mats: tuple[np.ndarray, ...]

    @classmethod
    def random(cls, widths: tuple[int, ...], rng: np.random.Generator, scale: float = 1.0) -> SkipNet:
        mats, fan_in = [], widths[0]
        for h in widths[1:]:
            mats.append(scale * rng.standard_normal((h, fan_in)) / math.sqrt(fan_in))
            fan_in += h
        return cls(tuple(mats))

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x (N, d) -> (N,)."""
        u = x
        for j, M in enumerate(self.mats):
            h = u @ M.T
            if j == len(self.mats) - 1:
                return h[:, 0]
            u = np.concatenate([u, np.maximum(h, 0.0)], axis=1)
        raise AssertionError

    def norms(self) -> list[float]:
        return [float(np.linalg.norm(M, 2)) for M in self.mats]

    def B(self) -> float:
        """Lemma 3.1's B = max_{i in 0..D} prod_{j != i} ||W_j||_op, computed from the skip net's matrices."""
        nm = self.norms()
        return max([math.prod(nm)] + [math.prod(nm[:i] + nm[i + 1:]) for i in range(len(nm))])

    def skip_bound(self) -> float:
        """||W_D|| prod_{j<D} sqrt(1 + ||W_j||^2) (the corrected bound on Lip(f) for skip nets)."""
        nm = self.norms()
        return nm[-1] * math.prod(math.sqrt(1 + v * v) for v in nm[:-1])

    def grad_norm(self, x: np.ndarray) -> np.ndarray:
        """||grad f(x)|| at points x (N, d) off the ReLU kinks (exact Jacobian chain): a lower bound on Lip(f)."""
        N, d = x.shape
        u, J = x, np.broadcast_to(np.eye(d), (N, d, d))  # J = du/dx, shape (N, dim u, d)
        for j, M in enumerate(self.mats):
            pre = u @ M.T
            dpre = np.einsum("hk,nkd->nhd", M, J)
            if j == len(self.mats) - 1:
                return np.linalg.norm(dpre[:, 0, :], axis=1)
            mask = (pre > 0).astype(float)
            u = np.concatenate([u, np.maximum(pre, 0.0)], axis=1)
            J = np.concatenate([J, mask[:, :, None] * dpre], axis=1)
        raise AssertionError


# ---------------------------------------------------------------------------------------------------------------
# exact (sympy) evaluation of small ReLU chain nets: the tight instances that give mutants an exact counterexample

def exact_mats(ties: tuple[np.ndarray, ...], w: list) -> list:
    """The weight matrices of a tied net at an exact parameter vector (sympy numbers; tie index -1 = fixed 0)."""
    import sympy as sp

    w = [sp.nsimplify(v) for v in w]
    return [sp.Matrix(t.shape[0], t.shape[1], lambda i, j, t=t: w[int(t[i, j])] if t[i, j] >= 0 else 0)
            for t in ties]


def exact_forward(mats: list, x: list, biases: list | None = None):
    """f(x) = W_D relu(... relu(W_1 x + b_1) ...) + b_D in exact arithmetic (scalar output)."""
    import sympy as sp

    h = sp.Matrix([sp.nsimplify(v) for v in x])
    for j, M in enumerate(mats):
        h = M * h
        if biases is not None:
            h = h + sp.Matrix(biases[j])
        if j < len(mats) - 1:
            h = h.applyfunc(lambda z: sp.Max(z, 0))
    return sp.simplify(h[0])


def exact_op_norm(M):
    """||M||_op = sqrt(largest eigenvalue of the smaller Gram matrix), exact (small matrices)."""
    import sympy as sp

    G = M * M.T if M.rows <= M.cols else M.T * M
    return sp.sqrt(sp.Max(*G.eigenvals().keys()))


def exact_B(norms: list, i_min: int = 0):
    """B = max_{i in i_min..D} prod_{j != i} ||W_j|| (i = 0: the full product), exact."""
    import sympy as sp

    D = len(norms)
    terms = [sp.Mul(*norms)] if i_min <= 0 else []
    terms += [sp.Mul(*(norms[:i - 1] + norms[i:])) for i in range(max(i_min, 1), D + 1)]
    return sp.Max(*terms)
