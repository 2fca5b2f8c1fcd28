/**
 * Ordinary referral reasons and notes, as social workers write them in the five languages Relais
 * speaks: symptoms, durations, measurements, doses, appointment dates and times, years, rooms. None
 * holds contact or identity data; the guard must let every one pass.
 */
export const CLINICAL_REASONS: readonly string[] = [
  // French
  'douleur dentaire depuis 3 semaines',
  'douleur dentaire depuis 3 semaines, abcès probable, prend 1 g de paracétamol 3 fois par jour',
  'vision floue des deux yeux depuis 2023, lunettes cassées en mars 2024',
  'contrôle tension 150/95 le 12/03/2027 à 9h30, salle 4',
  'diabète de type 2 depuis 2019, HbA1c 8,1 %, insuline 10 UI matin et soir',
  'enceinte de 24 semaines, pas de suivi depuis le 3 mars 2026, rdv souhaité avant le 15 janvier 2027',
  'toux depuis 6 semaines, perte de 5 kg, radio pulmonaire demandée',
  'patiente de 45 ans, douleurs lombaires depuis l’été 2022, kiné 2 fois par semaine',
  // English
  'blurred vision both eyes since 2023, needs an eye test',
  'follow-up of hepatitis C treatment started on 1 March 2026, viral load 1 200 000 copies/ml',
  'chest pain on exertion, BP 160/100, ECG at 14:30 on 12 December 2026',
  'knee swelling after a fall in January 2025, walks with a stick, pain 7/10',
  'asthma, uses salbutamol 2 puffs 4 times a day, peak flow 320 l/min',
  'needs insulin refill: 20 IU at 8:00 and 10 IU at 20:00, appointment 2027-01-14 10:00',
  'hearing loss in the left ear since the age of 30, hearing aid broken in 2024',
  // German
  'Zahnschmerzen seit 2 Wochen, Schwellung links unten',
  'Blutdruck 145/90, Kontrolle am 12.03.2027 um 14:30 Uhr, Zimmer 12',
  'seit März 2020 Rückenschmerzen, Physiotherapie 2 x pro Woche',
  'Diabetes seit 2015, Metformin 1000 mg 2 x täglich, Termin am 5. Januar 2027',
  'Schwangerschaft 20. Woche, letzte Untersuchung im Oktober 2026',
  'Hautausschlag an beiden Armen seit 10 Tagen, juckt nachts',
  // Dutch
  'kiespijn sinds 3 weken, kan niet goed eten',
  'bloeddruk 150/95, controle op 12 maart 2027 om 9:30',
  'hoest sinds januari 2026, rookt 20 sigaretten per dag',
  'oogonderzoek nodig, bril kwijt sinds 2024, -2,5 en -3,0',
  'zwanger, 28 weken, geen controle sinds 1 september 2026',
  'rugpijn na val op 3 november 2026, pijn 6/10',
  // Italian
  'controllo pressione arteriosa 140/90',
  'mal di denti da 2 settimane, gonfiore alla guancia destra',
  'diabete dal 2018, glicemia 180 mg/dl, visita il 14 gennaio 2027 alle 10:00',
  'dolore al ginocchio dopo una caduta a febbraio 2025, stanza 3, piano 2',
  'gravidanza di 16 settimane, ultima ecografia il 2 ottobre 2026',
  'tosse da 4 settimane, febbre 38,5 °C, ha perso 4 kg',
  'ansia e insonnia dal 2021, 1/2 compressa la sera per 10 giorni',
];
