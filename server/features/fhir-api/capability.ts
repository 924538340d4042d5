import { ALL_TYPES, profileOf } from './mapping';
import { INCLUDES, SEARCH_PARAMS } from './search';

/** Every US Core profile a type's resources may claim (what meta.profile will name). */
const SUPPORTED_PROFILES: Record<string, string[]> = {
  Observation: ['us-core-observation-lab', 'us-core-vital-signs', 'us-core-blood-pressure', 'us-core-bmi', 'us-core-body-weight', 'us-core-body-height',
    'us-core-smokingstatus', 'us-core-observation-screening-assessment', 'us-core-simple-observation'],
  Condition: ['us-core-condition-problems-health-concerns', 'us-core-condition-encounter-diagnosis'],
  DiagnosticReport: ['us-core-diagnosticreport-lab', 'us-core-diagnosticreport-note'],
};
const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';

/** The CapabilityStatement: only what this server really does (read and search, JSON, SMART-protected). */
export function capabilityStatement(base: string, oauth: { authorize: string; token: string; revoke: string; introspect: string } | null) {
  return {
    resourceType: 'CapabilityStatement',
    id: 'portico-fhir-r4',
    url: `${base}/metadata`,
    name: 'PorticoFhirR4', title: 'Portico patient access API (FHIR R4, US Core 6.1)',
    status: 'active', date: '2026-12-02', kind: 'instance', publisher: 'Portico',
    description: 'Read-only FHIR R4 API over one patient\'s record, for the patient, their proxies, and the apps they connect with SMART App Launch.',
    software: { name: 'Portico' },
    implementation: { description: 'Portico FHIR R4 API', url: base },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    instantiates: ['http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server'],
    implementationGuide: ['http://hl7.org/fhir/us/core/ImplementationGuide/hl7.fhir.us.core|6.1.0'],
    rest: [{
      mode: 'server',
      documentation: 'Every request needs a SMART access token (Authorization: Bearer) or a patient\'s portal session. A token is bound to one patient; its scopes (patient/*.rs, patient/Type.rs, v1 patient/Type.read) limit the types it may read and search.',
      security: {
        cors: true,
        service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }], text: 'OAuth2 using SMART-on-FHIR profile (see /.well-known/smart-configuration)' }],
        ...(oauth ? {
          extension: [{
            url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
            extension: [
              { url: 'authorize', valueUri: oauth.authorize }, { url: 'token', valueUri: oauth.token },
              { url: 'revoke', valueUri: oauth.revoke }, { url: 'introspect', valueUri: oauth.introspect },
            ],
          }],
        } : {}),
      },
      resource: ALL_TYPES.map((type) => {
        const profile = SUPPORTED_PROFILES[type]?.map((p) => US_CORE + p) ?? [profileOf({ resourceType: type })].filter((p): p is string => !!p);
        const includes = Object.keys(INCLUDES[type] ?? {}).map((p) => `${type}:${p}`);
        return {
          type,
          profile: profile[0],
          ...(profile.length > 1 ? { supportedProfile: profile } : {}),
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          versioning: 'no-version', readHistory: false, updateCreate: false, conditionalCreate: false, conditionalRead: 'not-supported',
          conditionalUpdate: false, conditionalDelete: 'not-supported',
          ...(includes.length ? { searchInclude: includes } : {}),
          searchParam: SEARCH_PARAMS[type].map(([name, t, documentation]) => ({ name, type: t, ...(documentation ? { documentation } : {}) })),
          ...(type === 'DocumentReference' ? { documentation: 'Attachment content is served at Binary/<DocumentReference id> (attachment.url).' } : {}),
        };
      }).concat([{
        type: 'Binary', profile: 'http://hl7.org/fhir/StructureDefinition/Binary', interaction: [{ code: 'read' }],
        versioning: 'no-version', readHistory: false, updateCreate: false, conditionalCreate: false, conditionalRead: 'not-supported',
        conditionalUpdate: false, conditionalDelete: 'not-supported', searchParam: [],
        documentation: 'The content of a DocumentReference, as its own content type (or a Binary resource with Accept: application/fhir+json).',
      } as never]),
      searchParam: [
        { name: '_count', type: 'number', documentation: 'Page size (default 50, at most 200); pages follow Bundle.link next' },
        { name: '_sort', type: 'string', documentation: 'date or -date (newest first, the default) on dated types' },
      ],
    }],
  };
}
