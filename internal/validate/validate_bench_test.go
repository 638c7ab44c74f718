package validate

import (
	"testing"

	"github.com/scmteam/terraform-provider-scm/internal/testcert"
)

func BenchmarkDomain(b *testing.B) {
	for b.Loop() {
		_ = Domain("*.shop.example.com")
	}
}

func BenchmarkEmail(b *testing.B) {
	for b.Loop() {
		_ = Email("tom@example.com")
	}
}

func BenchmarkPhone(b *testing.B) {
	for b.Loop() {
		_ = Phone("+86 132 1234 5678")
	}
}

func BenchmarkCountryCode(b *testing.B) {
	for b.Loop() {
		_ = CountryCode("CN")
	}
}

func BenchmarkCSR(b *testing.B) {
	text := testcert.CSR(b, "www.example.com", "shop.example.com")
	for b.Loop() {
		csr, err := CSR(text)
		if err != nil {
			b.Fatal(err)
		}
		_ = CSRCovers(csr, []string{"www.example.com", "shop.example.com"})
	}
}
