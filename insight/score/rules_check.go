package score

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// normalize checks a rule at a path ("rules.all[1]") and depth, and returns
// it with its values in canonical form — float64 or []float64 for numbers,
// string or []string for texts and stages — and the number of conditions
// seen so far (count on entry).
func normalize(r Rule, path string, depth, count int) (Rule, int, error) {
	if depth > maxRuleDepth {
		return Rule{}, count, fmt.Errorf("%s: groups nested deeper than %d", path, maxRuleDepth)
	}
	leaf := r.Field != "" || r.Op != "" || r.Value != nil
	groups := 0
	if r.All != nil {
		groups++
	}
	if r.Any != nil {
		groups++
	}
	switch {
	case leaf && groups > 0, groups > 1:
		return Rule{}, count, fmt.Errorf("%s: a rule is either a condition (field, op, value) or one group (all or any), not both", path)
	case !leaf && groups == 0:
		return Rule{}, count, fmt.Errorf("%s: empty rule: give field, op and value, or an all or any group", path)
	case leaf:
		count++
		if count > maxRuleConditions {
			return Rule{}, count, fmt.Errorf("%s: more than %d conditions", path, maxRuleConditions)
		}
		n, err := normalizeCondition(r)
		if err != nil {
			return Rule{}, count, fmt.Errorf("%s: %w", path, err)
		}
		return n, count, nil
	}
	kids, name := r.All, "all"
	if r.All == nil {
		kids, name = r.Any, "any"
	}
	if len(kids) == 0 {
		return Rule{}, count, fmt.Errorf("%s: %s is empty", path, name)
	}
	out := make([]Rule, len(kids))
	for i, k := range kids {
		var err error
		out[i], count, err = normalize(k, fmt.Sprintf("%s.%s[%d]", path, name, i), depth+1, count)
		if err != nil {
			return Rule{}, count, err
		}
	}
	if name == "all" {
		return Rule{All: out}, count, nil
	}
	return Rule{Any: out}, count, nil
}

// normalizeCondition checks one condition's field, operator and value.
func normalizeCondition(r Rule) (Rule, error) {
	kind, known := ruleFields[r.Field]
	switch {
	case r.Field == "":
		return Rule{}, errors.New("condition without a field")
	case !known:
		return Rule{}, fmt.Errorf("unknown field %q (known: %s)", r.Field, knownFields())
	case !slices.Contains([]string{">=", "<=", "=", "in"}, r.Op):
		return Rule{}, fmt.Errorf("%s: unknown operator %q (use >=, <=, = or in)", r.Field, r.Op)
	case kind == textField && r.Op != "=" && r.Op != "in":
		return Rule{}, fmt.Errorf("%s is a text: use = or in, not %s", r.Field, r.Op)
	case r.Value == nil:
		return Rule{}, fmt.Errorf("%s %s: no value", r.Field, r.Op)
	}
	one := func(v any) (any, error) { return checkValue(r.Field, kind, v) }
	if r.Op != "in" {
		if list(r.Value) != nil {
			return Rule{}, fmt.Errorf("%s %s: give one value; a list goes with in", r.Field, r.Op)
		}
		v, err := one(r.Value)
		return Rule{Field: r.Field, Op: r.Op, Value: v}, err
	}
	items := list(r.Value)
	if len(items) == 0 {
		return Rule{}, fmt.Errorf("%s in: give a non-empty list of values", r.Field)
	}
	var nums []float64
	var texts []string
	for _, it := range items {
		v, err := one(it)
		if err != nil {
			return Rule{}, err
		}
		switch x := v.(type) {
		case float64:
			nums = append(nums, x)
		case string:
			texts = append(texts, x)
		}
	}
	if kind == numberField {
		return Rule{Field: r.Field, Op: r.Op, Value: nums}, nil
	}
	return Rule{Field: r.Field, Op: r.Op, Value: texts}, nil
}

// list returns the items of a list value, as JSON or Go code gives it; nil
// for a single value.
func list(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []float64:
		out := make([]any, len(x))
		for i, f := range x {
			out[i] = f
		}
		return out
	case []int:
		out := make([]any, len(x))
		for i, n := range x {
			out[i] = n
		}
		return out
	}
	return nil
}

// checkValue turns one value into a float64 for a number field or a
// canonical string for a text or stage field, refusing the wrong kind.
func checkValue(field string, kind fieldKind, v any) (any, error) {
	if kind == numberField {
		var f float64
		switch x := v.(type) {
		case float64:
			f = x
		case int:
			f = float64(x)
		case int64:
			f = float64(x)
		case json.Number:
			var err error
			if f, err = x.Float64(); err != nil {
				return nil, fmt.Errorf("%s: %q is not a number", field, x)
			}
		default:
			return nil, fmt.Errorf("%s is a number: %s is not", field, shown(v))
		}
		if !finite(f) {
			return nil, fmt.Errorf("%s: the value is not a finite number", field)
		}
		return f, nil
	}
	s, ok := v.(string)
	if !ok || strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("%s is a text: %s is not", field, shown(v))
	}
	if kind == stageField {
		st, err := ParseStage(s)
		if err != nil {
			return nil, err
		}
		return string(st), nil
	}
	if known := knownTexts(field); known != nil {
		i := slices.IndexFunc(known, func(k string) bool { return strings.EqualFold(k, strings.TrimSpace(s)) })
		if i < 0 {
			return nil, fmt.Errorf("%s %q is not one of %s", field, s, strings.Join(known, ", "))
		}
		return known[i], nil
	}
	return strings.TrimSpace(s), nil
}

// shown writes a value for an error message.
func shown(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
