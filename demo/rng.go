package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/kamhq/kam"
)

// Streams of random numbers. The portfolio layout draws from one stream; each
// kind of record of each account draws from a stream of its own, so that what
// an account holds does not depend on the accounts before it, and changing how
// one kind of record is made leaves the others as they were.
const (
	streamLayout  = 0x6b616d2d6c61796f // the portfolio: names, sizes, tiers, owners
	streamAccount = 0x6b616d2d61636374 // + 16 × position + part: one account's records
	streamTargets = 0x6b616d2d74617267 // the sellers' quotas
)

// The parts of an account, each with its own stream.
const (
	partAccount = iota
	partContacts
	partOrders
	partActivities
	partDeals
	partService
)

// rng is a deterministic random source with the draws the demo needs.
type rng struct{ *rand.Rand }

// newRNG returns the stream numbered stream of the seed. The stream number is
// scrambled (splitmix64) so that neighbouring accounts get unrelated streams.
func newRNG(seed, stream uint64) rng {
	z := stream + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return rng{rand.New(rand.NewPCG(seed, z))}
}

// between returns a whole number from lo to hi inclusive.
func (r rng) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// uniform returns a number from lo up to hi.
func (r rng) uniform(lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// chance reports true with probability p.
func (r rng) chance(p float64) bool { return r.Float64() < p }

// noise returns a log-normal factor with median 1, for amounts that vary
// around a level but never turn negative.
func (r rng) noise(sigma float64) float64 { return math.Exp(r.NormFloat64() * sigma) }

// poisson returns a Poisson-distributed count with mean lambda (Knuth's method,
// fine for the small means of orders per month).
func (r rng) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	limit, p, n := math.Exp(-lambda), 1.0, 0
	for {
		p *= r.Float64()
		if p <= limit {
			return n
		}
		n++
	}
}

// weighted returns an index into weights, chosen in proportion to its weight.
func (r rng) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// dayIn returns a day from first to last inclusive.
func (r rng) dayIn(first, last kam.Date) kam.Date {
	return first.AddDays(r.IntN(max(0, first.DaysUntil(last)) + 1))
}

// during returns a moment of a working day on d: 07:30 to 18:00 UTC, whole minutes.
func (r rng) during(d kam.Date) time.Time {
	return d.Time().Add(time.Duration(450+r.IntN(630)) * time.Minute)
}

// pick returns a random element of xs.
func pick[T any](r rng, xs []T) T { return xs[r.IntN(len(xs))] }

// sample returns n distinct elements of xs in random order (all of them when
// n ≥ len(xs)), leaving xs as it was.
func sample[T any](r rng, xs []T, n int) []T {
	idx := r.Perm(len(xs))
	out := make([]T, 0, min(n, len(xs)))
	for _, i := range idx[:min(n, len(xs))] {
		out = append(out, xs[i])
	}
	return out
}

// moneyOf converts an amount in currency units to Money, rounded to the given
// step of Money units (100 = cents, 1000000 = hundreds).
func moneyOf(units float64, step int64) kam.Money {
	m := int64(math.Round(units * kam.MoneyScale / float64(step)))
	return kam.Money(m * step)
}

// laterOf returns the later of two days.
func laterOf(a, b kam.Date) kam.Date {
	if a.Before(b) {
		return b
	}
	return a
}

// earlierOf returns the earlier of two days.
func earlierOf(a, b kam.Date) kam.Date {
	if a.Before(b) {
		return a
	}
	return b
}
