// The fictional demo organization: clinics, locations and staff. Addresses are invented; coordinates are in Nashville, TN.
export const ORG_NAME = 'Riverbend Health (demo)';

export const CLINICS = [
  { slug: 'primary-care', name: 'Primary Care', specialty: 'Primary care', phone_main: '+1-615-555-0100', phone_nurse_line: '+1-615-555-0101',
    phone_after_hours: '+1-615-555-0199', phone_billing: '+1-615-555-0150', hours: 'Mon–Fri 8:00–17:00' },
  { slug: 'endocrinology', name: 'Endocrinology and Diabetes', specialty: 'Endocrinology', phone_main: '+1-615-555-0200',
    phone_nurse_line: '+1-615-555-0201', phone_after_hours: '+1-615-555-0199', phone_billing: '+1-615-555-0150', hours: 'Mon–Fri 8:00–16:30' },
  { slug: 'cardiology', name: 'Cardiology', specialty: 'Cardiology', phone_main: '+1-615-555-0300', phone_nurse_line: '+1-615-555-0301',
    phone_after_hours: '+1-615-555-0199', phone_billing: '+1-615-555-0150', hours: 'Mon–Thu 7:30–17:00, Fri 7:30–12:00' },
] as const;

export const LOCATIONS = [
  { clinic: 'primary-care', name: 'Riverbend Primary Care – Midtown', address_line: '1400 Magnolia Avenue', city: 'Nashville', state: 'TN',
    postal_code: '37203', latitude: 36.1497, longitude: -86.8025, phone: '+1-615-555-0100', hours: 'Mon–Fri 8:00–17:00',
    parking_notes: 'Free garage on 14th Street; first two levels have accessible spaces.', entrance_notes: 'Main entrance faces Magnolia Avenue.',
    accessibility_notes: 'Step-free entrance, automatic doors, elevators to all floors, wheelchairs at the front desk.' },
  { clinic: 'endocrinology', name: 'Riverbend Diabetes Center', address_line: '2210 Cumberland Park Drive, Suite 300', city: 'Nashville', state: 'TN',
    postal_code: '37208', latitude: 36.1765, longitude: -86.8119, phone: '+1-615-555-0200', hours: 'Mon–Fri 8:00–16:30',
    parking_notes: 'Surface lot in front of the building; validated parking.', entrance_notes: 'Take the elevator to floor 3.',
    accessibility_notes: 'Ramp at the north door; accessible restrooms on every floor.' },
  { clinic: 'cardiology', name: 'Riverbend Heart Clinic', address_line: '85 Harpeth Row', city: 'Nashville', state: 'TN',
    postal_code: '37212', latitude: 36.1372, longitude: -86.7996, phone: '+1-615-555-0300', hours: 'Mon–Thu 7:30–17:00, Fri 7:30–12:00',
    parking_notes: 'Valet at the front door on weekdays; street parking on Harpeth Row.', entrance_notes: 'Use the east entrance after 17:00.',
    accessibility_notes: 'Step-free entrance; hearing loop at check-in.' },
] as const;

type StaffDef = { email: string; name: string; credentials: string | null; role: string; clinics: string[] };
export const STAFF: StaffDef[] = [
  { email: 'paul.physician@demo.portico.test', name: 'Paul Park', credentials: 'MD', role: 'physician', clinics: ['primary-care'] },
  { email: 'nina.nurse@demo.portico.test', name: 'Nina Novak', credentials: 'RN', role: 'nurse', clinics: ['primary-care'] },
  { email: 'sam.scheduler@demo.portico.test', name: 'Sam Sato', credentials: null, role: 'front_desk', clinics: ['primary-care', 'endocrinology', 'cardiology'] },
  { email: 'bill.billing@demo.portico.test', name: 'Bill Brooks', credentials: null, role: 'billing', clinics: ['primary-care', 'endocrinology', 'cardiology'] },
  { email: 'ada.admin@demo.portico.test', name: 'Ada Adams', credentials: null, role: 'admin', clinics: ['primary-care', 'endocrinology', 'cardiology'] },
  { email: 'rita.research@demo.portico.test', name: 'Rita Ruiz', credentials: 'PhD', role: 'researcher', clinics: [] },
  { email: 'maria.gonzalez@demo.portico.test', name: 'María González', credentials: 'MD', role: 'physician', clinics: ['primary-care'] },
  { email: 'elena.torres@demo.portico.test', name: 'Elena Torres', credentials: 'MD', role: 'physician', clinics: ['endocrinology'] },
  { email: 'james.okafor@demo.portico.test', name: 'James Okafor', credentials: 'MD', role: 'physician', clinics: ['cardiology'] },
  { email: 'grace.kim@demo.portico.test', name: 'Grace Kim', credentials: 'RN, CDCES', role: 'nurse', clinics: ['endocrinology'] },
  { email: 'luis.moreno@demo.portico.test', name: 'Luis Moreno', credentials: 'RN', role: 'nurse', clinics: ['cardiology'] },
  { email: 'maya.patel@demo.portico.test', name: 'Maya Patel', credentials: 'CMA', role: 'medical_assistant', clinics: ['primary-care'] },
  { email: 'devon.hall@demo.portico.test', name: 'Devon Hall', credentials: 'CMA', role: 'medical_assistant', clinics: ['endocrinology'] },
  { email: 'tina.front@demo.portico.test', name: 'Tina Lopez', credentials: null, role: 'front_desk', clinics: ['cardiology'] },
  { email: 'henry.wu@demo.portico.test', name: 'Henry Wu', credentials: 'DO', role: 'physician', clinics: ['primary-care'] },
];

export const GIVEN = ['Ava', 'Ben', 'Carla', 'Dennis', 'Evelyn', 'Frank', 'Gloria', 'Harold', 'Irene', 'Jorge', 'Kathy', 'Leon', 'Marta', 'Nate',
  'Olivia', 'Pedro', 'Queenie', 'Ray', 'Sonia', 'Terrence', 'Ursula', 'Victor', 'Wanda', 'Xavier', 'Yolanda', 'Zeke', 'Aisha', 'Bruce', 'Chen', 'Doris'];
export const FAMILY = ['Thompson', 'Carter', 'Nguyen', 'Washington', 'Rivera', 'Johnson', 'Okonkwo', 'Miller', 'Hughes', 'Ramírez', 'Brooks', 'Fischer',
  'Patterson', 'Sullivan', 'Diaz', 'Coleman', 'Howard', 'Jenkins', 'Perry', 'Long', 'Price', 'Bennett', 'Wood', 'Barnes', 'Ross'];
export const STREETS = ['Oak Street', 'Maple Drive', 'Cedar Lane', 'Elm Court', 'Hillside Road', 'River Bend Way', 'Willow Circle', 'Church Street'];
