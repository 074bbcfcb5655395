package password

import (
	"strings"
	"testing"
)

func TestHashAndCheck(t *testing.T) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if ok, rehash, err := Check("correct horse battery staple", h); !ok || rehash || err != nil {
		t.Fatalf("Check(right) = %v %v %v", ok, rehash, err)
	}
	if ok, _, err := Check("wrong horse battery staple", h); ok || err != nil {
		t.Fatalf("Check(wrong) = %v %v", ok, err)
	}
	h2, _ := Hash("correct horse battery staple")
	if h2 == h {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
}

func TestCheckAsksForRehashOfWeakerParams(t *testing.T) {
	h, _ := hashWith("pw-pw-pw-pw-pw", Params{Memory: 8 * 1024, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16})
	ok, rehash, err := Check("pw-pw-pw-pw-pw", h)
	if !ok || !rehash || err != nil {
		t.Fatalf("Check = %v %v %v, want ok and rehash", ok, rehash, err)
	}
}

func TestCheckRefusesMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=1,t=1,p=1$!!$a2V5"} {
		if ok, _, err := Check("x", h); ok || err == nil {
			t.Errorf("Check(%q) = %v, %v; want malformed", h, ok, err)
		}
	}
}
