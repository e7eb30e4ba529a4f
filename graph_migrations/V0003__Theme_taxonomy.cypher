// Reference taxonomy of themes, mapped to OECD-DAC purpose codes where one fits.
UNWIND [
  {key: 'peacebuilding', name: 'Peacebuilding and conflict prevention', dac: ['15220'], broader: null},
  {key: 'mediation', name: 'Mediation', dac: ['15220'], broader: 'peacebuilding'},
  {key: 'community-mediation', name: 'Community mediation', dac: ['15220'], broader: 'mediation'},
  {key: 'dialogue', name: 'Dialogue platforms', dac: ['15220'], broader: 'peacebuilding'},
  {key: 'interethnic-dialogue', name: 'Inter-ethnic dialogue', dac: ['15220'], broader: 'dialogue'},
  {key: 'interfaith-dialogue', name: 'Interfaith dialogue', dac: ['15220'], broader: 'dialogue'},
  {key: 'early-warning', name: 'Early warning and early response', dac: ['15220'], broader: 'peacebuilding'},
  {key: 'community-security', name: 'Community security', dac: ['15220', '15210'], broader: 'peacebuilding'},
  {key: 'pcve', name: 'Prevention of violent extremism (P/CVE)', dac: ['15220'], broader: 'peacebuilding'},
  {key: 'reintegration', name: 'Reintegration of returnees and former combatants', dac: ['15240'], broader: 'peacebuilding'},
  {key: 'cross-border-cooperation', name: 'Cross-border cooperation', dac: ['15220'], broader: 'peacebuilding'},
  {key: 'natural-resources', name: 'Water, land and natural-resource conflicts', dac: ['15220', '31110'], broader: 'peacebuilding'},
  {key: 'security-sector', name: 'Security system management and reform', dac: ['15210'], broader: null},
  {key: 'policing', name: 'Community policing', dac: ['15210'], broader: 'security-sector'},
  {key: 'governance', name: 'Governance and civil society', dac: ['15150'], broader: null},
  {key: 'rule-of-law', name: 'Rule of law and access to justice', dac: ['15130'], broader: 'governance'},
  {key: 'human-rights', name: 'Human rights', dac: ['15160'], broader: 'governance'},
  {key: 'media', name: 'Media and free flow of information', dac: ['15153'], broader: 'governance'},
  {key: 'elections', name: 'Elections', dac: ['15151'], broader: 'governance'},
  {key: 'local-governance', name: 'Local governance and decentralisation', dac: ['15112'], broader: 'governance'},
  {key: 'gender', name: 'Gender equality and women, peace and security', dac: ['15170', '15180'], broader: null},
  {key: 'youth', name: 'Youth, peace and security', dac: ['15220'], broader: null},
  {key: 'humanitarian', name: 'Humanitarian response', dac: ['72010'], broader: null},
  {key: 'livelihoods', name: 'Livelihoods and economic recovery', dac: ['16020'], broader: null}
] AS theme
MERGE (t:Theme {key: theme.key})
ON CREATE SET t.name = theme.name, t.dacCodes = theme.dac, t.version = 1,
              t.createdAt = datetime(), t.updatedAt = datetime(), t.createdBy = 'migration', t.source = 'V0003'
WITH t, theme
WHERE theme.broader IS NOT NULL
MATCH (b:Theme {key: theme.broader})
MERGE (t)-[r:BROADER]->(b)
ON CREATE SET r.assertedBy = 'migration', r.source = 'V0003', r.assertedAt = datetime();
