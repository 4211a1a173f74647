// Original file: proto/lienthong/v1/message.proto

import type { EdxmlOrganization as _lienthong_v1_EdxmlOrganization, EdxmlOrganization__Output as _lienthong_v1_EdxmlOrganization__Output } from '../../lienthong/v1/EdxmlOrganization.js';
import type { EdxmlResponseFor as _lienthong_v1_EdxmlResponseFor, EdxmlResponseFor__Output as _lienthong_v1_EdxmlResponseFor__Output } from '../../lienthong/v1/EdxmlResponseFor.js';

export interface EdxmlMessageHeader {
  'from'?: (_lienthong_v1_EdxmlOrganization | null);
  'to'?: (_lienthong_v1_EdxmlOrganization)[];
  'documentId'?: (string);
  'codeNumber'?: (string);
  'codeNotation'?: (string);
  'promulgationPlace'?: (string);
  'promulgationDate'?: (string);
  'documentType'?: (number);
  'typeDetail'?: (number);
  'typeName'?: (string);
  'subject'?: (string);
  'content'?: (string);
  'signerCompetence'?: (string);
  'signerPosition'?: (string);
  'signerFullName'?: (string);
  'dueDate'?: (string);
  'toPlaces'?: (string)[];
  'priority'?: (number);
  'sphereOfPromulgation'?: (string);
  'typerNotation'?: (string);
  'promulgationAmount'?: (number);
  'pageAmount'?: (number);
  'appendixes'?: (string)[];
  'steeringType'?: (number);
  'responseFor'?: (_lienthong_v1_EdxmlResponseFor)[];
}

export interface EdxmlMessageHeader__Output {
  'from': (_lienthong_v1_EdxmlOrganization__Output | null);
  'to': (_lienthong_v1_EdxmlOrganization__Output)[];
  'documentId': (string);
  'codeNumber': (string);
  'codeNotation': (string);
  'promulgationPlace': (string);
  'promulgationDate': (string);
  'documentType': (number);
  'typeDetail': (number);
  'typeName': (string);
  'subject': (string);
  'content': (string);
  'signerCompetence': (string);
  'signerPosition': (string);
  'signerFullName': (string);
  'dueDate': (string);
  'toPlaces': (string)[];
  'priority': (number);
  'sphereOfPromulgation': (string);
  'typerNotation': (string);
  'promulgationAmount': (number);
  'pageAmount': (number);
  'appendixes': (string)[];
  'steeringType': (number);
  'responseFor': (_lienthong_v1_EdxmlResponseFor__Output)[];
}
