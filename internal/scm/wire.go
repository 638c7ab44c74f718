package scm

// The wire types below follow the JSON names of the API reference (and the vendor SDK's
// services/scm/v3 models) exactly; docs/api-notes.md sums them up. Optional request fields carry omitempty so that
// a value the user did not set is not sent at all.

// ApplyRequest is the body of POST /v3/scm/certificates/{id}/apply.
type ApplyRequest struct {
	Domain                 string `json:"domain"`
	Sans                   string `json:"sans,omitempty"`
	CSR                    string `json:"csr,omitempty"`
	CompanyName            string `json:"company_name,omitempty"`
	CompanyUnit            string `json:"company_unit,omitempty"`
	CompanyProvince        string `json:"company_province,omitempty"`
	CompanyCity            string `json:"company_city,omitempty"`
	Country                string `json:"country,omitempty"`
	ApplicantName          string `json:"applicant_name"`
	ApplicantPhone         string `json:"applicant_phone"`
	ApplicantEmail         string `json:"applicant_email"`
	ContactName            string `json:"contact_name,omitempty"`
	ContactPhone           string `json:"contact_phone,omitempty"`
	ContactEmail           string `json:"contact_email,omitempty"`
	AutoDNSAuth            bool   `json:"auto_dns_auth"`
	AgreePrivacyProtection bool   `json:"agree_privacy_protection"`
	DomainMethod           string `json:"domain_method,omitempty"`
	KeyAlgorithm           string `json:"key_algorithm,omitempty"`
	CAHashAlgorithm        string `json:"ca_hash_algorithm,omitempty"`
}

// applyResponse is the answer to an application; RequestInfo is "success" when accepted.
type applyResponse struct {
	RequestInfo string `json:"request_info"`
}

// withdrawResponse is the answer to cancel-cert.
type withdrawResponse struct {
	CertID  string `json:"cert_id"`
	Message string `json:"message"`
}

// Certificate is what GET /v3/scm/certificates/{id} returns (the fields the provider uses).
type Certificate struct {
	ID                  string                   `json:"id"`
	Status              string                   `json:"status"`
	OrderID             string                   `json:"order_id"`
	Name                string                   `json:"name"`
	Type                string                   `json:"type"`
	Brand               string                   `json:"brand"`
	SignatureAlgorithm  string                   `json:"signature_algorithm"`
	IssueTime           string                   `json:"issue_time"`
	NotBefore           string                   `json:"not_before"`
	NotAfter            string                   `json:"not_after"`
	ValidityPeriod      int64                    `json:"validity_period"`
	ValidationMethod    string                   `json:"validation_method"`
	DomainType          string                   `json:"domain_type"`
	MultiDomainType     string                   `json:"multi_domain_type"`
	Domain              string                   `json:"domain"`
	Sans                string                   `json:"sans"`
	DomainCount         int64                    `json:"domain_count"`
	WildcardCount       int64                    `json:"wildcard_count"`
	Fingerprint         string                   `json:"fingerprint"`
	EnterpriseProjectID string                   `json:"enterprise_project_id"`
	ApplicationInfo     ApplicationInfo          `json:"application_info"`
	Authentication      []DomainValidationRecord `json:"authentification"`
}

// ApplicationInfo is the applicant data the service keeps for an application.
type ApplicationInfo struct {
	Country         string `json:"country"`
	CompanyName     string `json:"company_name"`
	CompanyProvince string `json:"company_province"`
	CompanyCity     string `json:"company_city"`
	ApplicantName   string `json:"applicant_name"`
	ApplicantPhone  string `json:"applicant_phone"`
	ApplicantEmail  string `json:"applicant_email"`
	ContactName     string `json:"contact_name"`
	ContactPhone    string `json:"contact_phone"`
	ContactEmail    string `json:"contact_email"`
}

// DomainValidationRecord is a DNS record that proves ownership of one domain.
type DomainValidationRecord struct {
	Domain      string `json:"domain"`
	RecordName  string `json:"record_name"`
	RecordType  string `json:"record_type"`
	RecordValue string `json:"record_value"`
}

// errorBody is the service's error answer.
type errorBody struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
}

// ExportedCertificate is the answer of POST /v3/scm/certificates/{id}/export.
type ExportedCertificate struct {
	EntireCertificate string `json:"entire_certificate"`
	Certificate       string `json:"certificate"`
	CertificateChain  string `json:"certificate_chain"`
	// PrivateKey is empty when the applicant sent their own CSR.
	PrivateKey     string `json:"private_key"`
	EncCertificate string `json:"enc_certificate"`
	EncPrivateKey  string `json:"enc_private_key"`
}

func (*ExportedCertificate) holdsSecrets() {}

// PublicCertificate is the public part of an export answer: the certificate and its
// chain, PEM.
type PublicCertificate struct {
	Certificate      string `json:"certificate"`
	CertificateChain string `json:"certificate_chain"`
}

// The answer it is decoded from holds the private key.
func (*PublicCertificate) holdsSecrets() {}

// CertificateSummary is one entry of GET /v3/scm/certificates.
type CertificateSummary struct {
	ID                  string `json:"id"`
	Name                string `json:"name"`
	Domain              string `json:"domain"`
	Sans                string `json:"sans"`
	SignatureAlgorithm  string `json:"signature_algorithm"`
	DeploySupport       bool   `json:"deploy_support"`
	Type                string `json:"type"`
	Brand               string `json:"brand"`
	ExpireTime          string `json:"expire_time"`
	DomainType          string `json:"domain_type"`
	ValidityPeriod      int64  `json:"validity_period"`
	Status              string `json:"status"`
	DomainCount         int64  `json:"domain_count"`
	WildcardCount       int64  `json:"wildcard_count"`
	Description         string `json:"description"`
	EnterpriseProjectID string `json:"enterprise_project_id"`
}

type listResponse struct {
	Certificates []CertificateSummary `json:"certificates"`
	TotalCount   int                  `json:"total_count"`
}
