package store

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"

	"github.com/kamhq/kam"
)

// cursor marks the last row of a page in a keyset-paged list: the sort value
// and id of that row, the order it was taken in, and a fingerprint of the
// filter, so that a cursor from another query is refused instead of silently
// giving a wrong page.
type cursor struct {
	Sort   string `json:"s"`
	Desc   bool   `json:"d,omitempty"`
	Value  string `json:"v"`
	ID     int64  `json:"i"`
	Filter uint32 `json:"f"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor and checks that it belongs to the same list.
func decodeCursor(s, sort string, desc bool, filter uint32) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	bad := kam.FieldError("after", "The page cursor is invalid or belongs to another list; start again from the first page.")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.Sort != sort || c.Desc != desc || c.Filter != filter || c.ID <= 0 {
		return nil, bad
	}
	return &c, nil
}

// fingerprint hashes the parts of a filter that select rows.
func fingerprint(parts ...any) uint32 {
	h := fnv.New32a()
	b, _ := json.Marshal(parts)
	h.Write(b)
	return h.Sum32()
}
