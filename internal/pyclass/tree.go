package pyclass

import (
	"math"

	"github.com/httpsim/httpsim/sim"
)

// The bridge carries values as plain trees (map[string]any, []any,
// string, float64, bool, nil, []byte). Kinds a tree has no room for are
// one-key objects: {"$status": 404}, {"$ref": 3}, {"$float": 1.5} (a
// Python float, since a tree number is a Python int when it is whole),
// {"$headers": {"fields": [[name, value], ...], "text": str(headers)}}.

// ToTree encodes a runner value for the bridge.
func ToTree(v any) any {
	switch v := v.(type) {
	case Status:
		return map[string]any{"$status": float64(v)}
	case Ref:
		return map[string]any{"$ref": float64(v)}
	case int:
		return float64(v)
	case float64:
		return map[string]any{"$float": v}
	case *sim.Message:
		fields := make([]any, len(v.Fields))
		for i, f := range v.Fields {
			fields[i] = []any{f.Name, f.Value}
		}
		return map[string]any{"$headers": map[string]any{"fields": fields, "text": v.String()}}
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = ToTree(x)
		}
		return out
	case *Exception:
		entries := make([]any, len(v.Entries))
		for i, e := range v.Entries {
			entries[i] = e
		}
		return map[string]any{"type": v.Type, "msg": v.Msg, "entries": entries, "id": float64(v.ID)}
	}
	return v
}

// FromTree decodes a bridge value.
func FromTree(v any) any {
	switch v := v.(type) {
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return int(v)
		}
		return v
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = FromTree(x)
		}
		return out
	case map[string]any:
		if len(v) == 1 {
			if n, ok := v["$status"].(float64); ok {
				return Status(int(n))
			}
			if n, ok := v["$ref"].(float64); ok {
				return Ref(int(n))
			}
			if f, ok := v["$float"].(float64); ok {
				return f
			}
		}
		return v
	}
	return v
}

// ExceptionFromTree reads {type, msg, entries, id}, what the runner
// reports for a Python exception.
func ExceptionFromTree(v any) *Exception {
	m, _ := v.(map[string]any)
	e := &Exception{}
	e.Type, _ = m["type"].(string)
	e.Msg, _ = m["msg"].(string)
	if id, ok := m["id"].(float64); ok {
		e.ID = int(id)
	}
	if es, ok := m["entries"].([]any); ok {
		for _, x := range es {
			if s, ok := x.(string); ok {
				e.Entries = append(e.Entries, s)
			}
		}
	}
	if e.Type == "" {
		e.Type = "SystemError"
	}
	return e
}

// ErrorTree reports a Go error to Python: a Python exception of ours
// goes back as itself (its id), one raised in sim by type and message.
func ErrorTree(err error) any {
	switch e := err.(type) {
	case *Exception:
		return ToTree(e)
	case *sim.PyError:
		return map[string]any{"type": e.Type, "msg": e.Msg, "entries": []any{}, "id": float64(0)}
	}
	return map[string]any{"type": "SystemError", "msg": err.Error(), "entries": []any{}, "id": float64(0)}
}

// StepsFromTree reads the steps a runner reports:
// [{fn, line, locals: [{name, value}]}].
func StepsFromTree(v any) []sim.Step {
	list, _ := v.([]any)
	out := make([]sim.Step, 0, len(list))
	for _, x := range list {
		m, _ := x.(map[string]any)
		st := sim.Step{}
		st.Fn, _ = m["fn"].(string)
		if n, ok := m["line"].(float64); ok {
			st.Line = int(n)
		}
		locals, _ := m["locals"].([]any)
		for _, l := range locals {
			lm, _ := l.(map[string]any)
			name, _ := lm["name"].(string)
			value, _ := lm["value"].(string)
			st.Locals = append(st.Locals, sim.Value{Name: name, Value: value})
		}
		out = append(out, st)
	}
	return out
}
