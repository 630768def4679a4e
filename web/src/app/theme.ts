import type { ThemeConfig } from 'antd';

/** 党建红: the red of party-building materials, with gold as its accent. */
export const PARTY_RED = '#c8161d';
export const PARTY_GOLD = '#ffd700';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PARTY_RED,
    colorLink: PARTY_RED,
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: {
      headerBg: PARTY_RED,
      headerPadding: '0 16px',
      siderBg: '#ffffff',
      bodyBg: '#f5f5f5',
    },
  },
};
