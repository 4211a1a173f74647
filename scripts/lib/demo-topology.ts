/**
 * The demo network: the national hub, a ministry with its own sub-tree, a four-level province
 * (province → district → communes) and a two-tier province (communes directly below, as after the
 * 2025 reform).
 */
import type { NodeSpec } from './network-builder.js';

export const DEMO_TOPOLOGY: NodeSpec[] = [
  // The national node serves the operator page (network view), /api/network and /metrics.
  { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22'], extra: { http: { listen: '127.0.0.1:0' } } },
  { name: 'finance', code: '000.00.00.G12', parent: 'national', agencies: ['000.00.00.G12'] },
  { name: 'tax', code: '000.00.18.G12', parent: 'finance', agencies: ['000.00.18.G12'] },
  { name: 'province-h44', code: '000.00.00.H44', parent: 'national', agencies: ['000.00.00.H44'] },
  { name: 'district-24', code: '000.00.24.H44', parent: 'province-h44', agencies: ['000.00.24.H44'] },
  { name: 'commune-46', code: '000.46.24.H44', parent: 'district-24', agencies: ['000.46.24.H44'] },
  { name: 'commune-47', code: '000.47.24.H44', parent: 'district-24', agencies: ['000.47.24.H44'] },
  { name: 'province-h29', code: '000.00.00.H29', parent: 'national', agencies: ['000.00.00.H29'] },
  { name: 'commune-07', code: '000.00.07.H29', parent: 'province-h29', agencies: ['000.00.07.H29'] },
  { name: 'commune-08', code: '000.00.08.H29', parent: 'province-h29', agencies: ['000.00.08.H29'] },
];

export const AGENCY_NAMES: Record<string, string> = {
  '000.00.00.G22': 'Văn phòng Chính phủ',
  '000.00.00.G12': 'Bộ Tài chính',
  '000.00.18.G12': 'Tổng cục Thuế',
  '000.00.00.H44': 'UBND tỉnh (H44)',
  '000.00.24.H44': 'UBND huyện (H44-24)',
  '000.46.24.H44': 'UBND xã 46',
  '000.47.24.H44': 'UBND xã 47',
  '000.00.00.H29': 'UBND Thành phố Hồ Chí Minh',
  '000.00.07.H29': 'UBND phường 07',
  '000.00.08.H29': 'UBND phường 08',
};
