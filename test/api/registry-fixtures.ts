import type { TestApp } from '../../src/server/testing.ts';

/** A small synthetic registry (invented names and events; nothing about real people). */
export const syntheticFiles = {
  'sources.csv':
    'id,publisher,title,date,address,kind,language,archive_item_id\n' +
    'SRC1,Example Gazette,Report on the flood,2001-05,example.org/a,news,en,\n' +
    'SRC2,Example Court,Judgment 12/3,2003,,court-judgment,fr,item-42\n' +
    'SRC3,Internal Memo,Draft,2004,,other,en,\n',
  'actors.csv':
    'id,name,type,classification,country,subdivision,wikidata,parent,description\n' +
    'ACT1,Ministry of Examples,organization,ministry,FR,,,,\n' +
    'ACT2,Example Watch,organization,ngo,,,,,\n' +
    'ACT3,Regional Assembly,organization,sub-national-body,GB,GB-SCT,,,\n' +
    'ACT4,Hidden Office,organization,other,,,,,\n',
  'events.csv': 'id,name,start_date,end_date,place,description\nEV1,The flood,2001-03-01,2001-03-02,Exampletown,\n',
  'claims.csv':
    'id,kind,asserted_by,attribution_note,event,statement,language,value,figures,date,sources,verification,contests,notes,published\n' +
    'CL1,casualty-figure,ACT1,,EV1,People who died,en,312,"[{""label"":""died"",""value"":312}]",2001-05,SRC1,reported,,,true\n' +
    'CL2,casualty-figure,ACT2,as summarised,EV1,People who died,en,at least 90,"[{""label"":""died"",""value"":90,""qualifier"":""at-least""}]",2003,SRC1;SRC2,primary-seen,CL1,,true\n' +
    'CL3,statement,ACT4,,EV1,Not yet public,en,,,2004,SRC3,not-verified,,,false\n',
  'claim_translations.csv': 'claim,language,text\nCL1,fr,Personnes décédées\n',
  'recognition.csv':
    'id,body,event,jurisdiction,level,date,term,terms,instrument,document,sources,verification,notes,published\n' +
    'RA1,ACT3,EV1,GB-SCT,sub-national,2005-02,tragedy,tragedy,Motion 7,,SRC1,reported,,true\n',
};

export async function userWithRole(t: TestApp, username: string, role: 'editor' | 'reviewer' | 'viewer') {
  const password = `pw-${username.length}-correct horse battery`;
  await t.ctx.accounts.createUser({ kind: 'system', name: 'test' }, { username, displayName: username, role, password, mustChangePassword: false });
  return t.login(username, password);
}
