package ranking

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzReadInput: the CSV reader never panics; it returns input or an
// *InputError with at least one problem, never both or neither.
func FuzzReadInput(f *testing.F) {
	for _, s := range []string{
		"a,b,wins_a,wins_b\nx,y,3,1\ny,z,2.5,0.5\n",
		"a,b,wins_a,wins_b,ties\nx,y,3,1,2\n",
		"respondent,a,b,value\nr1,x,y,-2\nr1,y,z,1\nr2,x,z,0\n",
		"respondent,a,b,value,skip\nr1,x,y,,true\n",
		",x,y\nx,1,3\ny,0.333,1\n",
		"a,b,wins_a,wins_b\nx,x,1,1\nx,y,-1,abc\n",
		"", "\x00", "a,b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ReadInput(bytes.NewReader(data), "fuzz.csv")
		if err == nil {
			if in == nil {
				t.Fatal("nil input without error")
			}
			return
		}
		var ie *InputError
		if errors.As(err, &ie) && len(ie.Problems) == 0 {
			t.Fatal("InputError without problems")
		}
	})
}
